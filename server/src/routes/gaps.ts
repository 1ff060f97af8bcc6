import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import { Type, type Static } from 'typebox';
import { COVERAGE_BOUNDS, COVERAGE_DEFAULTS, COVERAGE_KINDS } from '../domain/coverage.js';
import { NotFoundError } from '../domain/errors.js';
import { areaExists } from '../queries/areas.js';
import { uncoveredCompounds, uncoveredHouseholdGrid, unlitRoadStretches, unrenovatedOldCompounds, unresolvedHotspots, type GapRow } from '../queries/gaps.js';

const MAX_GAPS = 1000;

const metres = (description: string, fallback: number) =>
  Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: COVERAGE_BOUNDS.radius.maximum, default: fallback, description }));

const GapsQuery = Type.Object(
  {
    area: PositiveInt4(),
    kind: Type.Enum(COVERAGE_KINDS),
    radius: metres('charging: walking distance to a working site, metres', COVERAGE_DEFAULTS.radius),
    year: Type.Optional(Type.Integer({ ...COVERAGE_BOUNDS.year, default: COVERAGE_DEFAULTS.year })),
    distance: metres('streetlights: distance lit by a repaired light, metres', COVERAGE_DEFAULTS.distance),
    hotspot_radius: metres('drainage: reports this close together form a hotspot, metres', COVERAGE_DEFAULTS.hotspotRadius),
    hotspot_reports: Type.Optional(Type.Integer({ ...COVERAGE_BOUNDS.hotspotReports, default: COVERAGE_DEFAULTS.hotspotReports })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_GAPS, default: 100 })),
  },
  { additionalProperties: false },
);

const GridQuery = Type.Object(
  {
    area: PositiveInt4(),
    kind: Type.Literal('charging', { description: 'the grid counts households without charging coverage' }),
    radius: metres('walking distance to a working site, metres', COVERAGE_DEFAULTS.radius),
    size: Type.Optional(Type.Number({ minimum: 100, maximum: 5000, default: 500, description: 'hexagon size (edge), metres' })),
  },
  { additionalProperties: false },
);

function featureCollection(rows: GapRow[]) {
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r, i) => ({ type: 'Feature' as const, geometry: r.geometry, properties: { rank: i + 1, ...r.properties } })),
  };
}

function gapsOf(app: Parameters<FastifyPluginAsyncTypebox>[0], q: Static<typeof GapsQuery>): Promise<GapRow[]> {
  const limit = q.limit ?? 100;
  switch (q.kind) {
    case 'charging':
      return uncoveredCompounds(app.db.pool, q.area, q.radius ?? COVERAGE_DEFAULTS.radius, limit);
    case 'compound':
      return unrenovatedOldCompounds(app.db.pool, q.area, q.year ?? COVERAGE_DEFAULTS.year, limit);
    case 'streetlight':
      return unlitRoadStretches(app.db.pool, q.area, q.distance ?? COVERAGE_DEFAULTS.distance, limit);
    case 'drainage':
      return unresolvedHotspots(
        app.db.pool,
        q.area,
        { radius: q.hotspot_radius ?? COVERAGE_DEFAULTS.hotspotRadius, reports: q.hotspot_reports ?? COVERAGE_DEFAULTS.hotspotReports },
        limit,
      );
  }
}

export const gapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/gaps',
    {
      schema: {
        summary: 'Need with no project, ranked: uncovered compounds, unrenovated old compounds, unlit road stretches, unresolved drainage hotspots',
        tags: ['coverage'],
        querystring: GapsQuery,
      },
    },
    async (request) => {
      if (!(await areaExists(app.db.pool, request.query.area))) throw new NotFoundError(`area ${request.query.area} does not exist`);
      return featureCollection(await gapsOf(app, request.query));
    },
  );

  app.get(
    '/api/gaps/grid',
    { schema: { summary: 'Hexagons of households without charging coverage', tags: ['coverage'], querystring: GridQuery } },
    async (request) => {
      const q = request.query;
      if (!(await areaExists(app.db.pool, q.area))) throw new NotFoundError(`area ${q.area} does not exist`);
      return featureCollection(await uncoveredHouseholdGrid(app.db.pool, q.area, q.radius ?? COVERAGE_DEFAULTS.radius, q.size ?? 500));
    },
  );
};
