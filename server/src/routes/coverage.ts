import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import { Type, type Static } from 'typebox';
import { COVERAGE_BOUNDS, COVERAGE_DEFAULTS, COVERAGE_KINDS, COVERAGE_METRICS, type CoverageParams } from '../domain/coverage.js';
import { NotFoundError } from '../domain/errors.js';
import { areaById, areasByLevelAndParent, type AreaRow } from '../queries/areas.js';
import { coverageOf } from '../services/coverage.js';

const metres = (description: string, fallback: number) =>
  Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: COVERAGE_BOUNDS.radius.maximum, default: fallback, description }));

const CoverageQuery = Type.Object(
  {
    area: PositiveInt4({ description: 'an area id (district, street or community)' }),
    kind: Type.Enum(COVERAGE_KINDS),
    radius: metres('charging: walking distance to a working site, metres', COVERAGE_DEFAULTS.radius),
    year: Type.Optional(Type.Integer({ ...COVERAGE_BOUNDS.year, default: COVERAGE_DEFAULTS.year, description: 'renovation: old = built in or before' })),
    distance: metres('streetlights: distance from a repaired light that lights a road, metres', COVERAGE_DEFAULTS.distance),
    hotspot_radius: metres('drainage: reports this close together form a hotspot, metres', COVERAGE_DEFAULTS.hotspotRadius),
    hotspot_reports: Type.Optional(
      Type.Integer({ ...COVERAGE_BOUNDS.hotspotReports, default: COVERAGE_DEFAULTS.hotspotReports, description: 'drainage: reports that make a hotspot' }),
    ),
  },
  { additionalProperties: false },
);

type Query = Static<typeof CoverageQuery>;

function paramsOf(q: Query): CoverageParams {
  return {
    radius: q.radius ?? COVERAGE_DEFAULTS.radius,
    year: q.year ?? COVERAGE_DEFAULTS.year,
    distance: q.distance ?? COVERAGE_DEFAULTS.distance,
    hotspotRadius: q.hotspot_radius ?? COVERAGE_DEFAULTS.hotspotRadius,
    hotspotReports: q.hotspot_reports ?? COVERAGE_DEFAULTS.hotspotReports,
  };
}

function areaSummary(a: AreaRow) {
  return { id: a.id, name: a.name, name_en: a.name_en, level: a.level, code: a.code };
}

export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const measure = async (area: AreaRow, q: Query) => {
    const params = paramsOf(q);
    const result = await coverageOf(app.db.pool, area.id, q.kind, params, app.today());
    return { area: areaSummary(area), kind: q.kind, params, definition: COVERAGE_METRICS[q.kind], ...result };
  };

  app.get(
    '/api/coverage',
    { schema: { summary: 'How much of the need an area\'s projects meet, for one kind', tags: ['coverage'], querystring: CoverageQuery } },
    async (request) => {
      const area = await areaById(app.db.pool, request.query.area);
      if (!area) throw new NotFoundError(`area ${request.query.area} does not exist`);
      return measure(area, request.query);
    },
  );

  app.get(
    '/api/coverage/children',
    { schema: { summary: 'The same, for each child area (streets of a district, communities of a street)', tags: ['coverage'], querystring: CoverageQuery } },
    async (request) => {
      if (!(await areaById(app.db.pool, request.query.area))) throw new NotFoundError(`area ${request.query.area} does not exist`);
      const children = await areasByLevelAndParent(app.db.pool, { parent: request.query.area });
      const results = [];
      // One at a time: the embedded database runs one query at a time anyway.
      for (const child of children) results.push(await measure(child, request.query));
      return results;
    },
  );
};
