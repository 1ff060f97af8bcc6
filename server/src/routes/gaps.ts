import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import { Type } from 'typebox';
import { COVERAGE_DEFAULTS, GapCollection, type GapFeature } from '../domain/coverage.js';
import { NotFoundError } from '../domain/errors.js';
import type { GeometryJson } from '../domain/geojson.js';
import { areaExists } from '../queries/areas.js';
import { rankedGaps, uncoveredHouseholdGrid, type GapRow } from '../queries/gaps.js';
import { coverageParamsOf, CoverageParamsQuery } from './coverageQuery.js';
import { errorResponses } from './errorResponses.js';

const MAX_GAPS = 1000;

const GapsQuery = Type.Object(
  {
    area: PositiveInt4(),
    ...CoverageParamsQuery,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_GAPS, default: 100 })),
  },
  { additionalProperties: false },
);

const GridQuery = Type.Object(
  {
    area: PositiveInt4(),
    kind: Type.Literal('charging', { description: 'the grid counts households without charging coverage' }),
    radius: CoverageParamsQuery.radius,
    size: Type.Optional(Type.Number({ minimum: 100, maximum: 5000, default: 500, description: 'hexagon size (edge), metres' })),
  },
  { additionalProperties: false },
);

function featureCollection(rows: GapRow[]): GapCollection {
  return {
    type: 'FeatureCollection',
    // The properties are built by the query of each kind of gap (queries/gaps.ts); GapFeature lists them all.
    features: rows.map((r, i) => ({ type: 'Feature', geometry: r.geometry as GeometryJson, properties: { rank: i + 1, ...(r.properties as Omit<GapFeature['properties'], 'rank'>) } })),
  };
}

export const gapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/gaps',
    {
      schema: {
        summary: 'Need with no project, ranked: uncovered compounds, unrenovated old compounds, unlit road stretches, unresolved drainage hotspots',
        tags: ['coverage'],
        querystring: GapsQuery,
        response: { 200: GapCollection, ...errorResponses(404) },
      },
    },
    async (request) => {
      if (!(await areaExists(app.db.pool, request.query.area))) throw new NotFoundError(`area ${request.query.area} does not exist`);
      const q = request.query;
      return featureCollection(await rankedGaps(app.db.pool, q.area, q.kind, coverageParamsOf(q), q.limit ?? 100));
    },
  );

  app.get(
    '/api/gaps/grid',
    {
      schema: {
        summary: 'Hexagons of households without charging coverage',
        tags: ['coverage'],
        querystring: GridQuery,
        response: { 200: GapCollection, ...errorResponses(404) },
      },
    },
    async (request) => {
      const q = request.query;
      if (!(await areaExists(app.db.pool, q.area))) throw new NotFoundError(`area ${q.area} does not exist`);
      return featureCollection(await uncoveredHouseholdGrid(app.db.pool, q.area, q.radius ?? COVERAGE_DEFAULTS.radius, q.size ?? 500));
    },
  );
};
