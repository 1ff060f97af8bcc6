import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import { Type, type Static } from 'typebox';
import { COVERAGE_METRICS, CoverageResult } from '../domain/coverage.js';
import { NotFoundError } from '../domain/errors.js';
import { areaById, areasByLevelAndParent, type AreaRow } from '../queries/areas.js';
import { coverageOf } from '../services/coverage.js';
import { coverageParamsOf, CoverageParamsQuery } from './coverageQuery.js';
import { errorResponses } from './errorResponses.js';

const CoverageQuery = Type.Object(
  { area: PositiveInt4({ description: 'an area id (district, street or community)' }), ...CoverageParamsQuery },
  { additionalProperties: false },
);

type Query = Static<typeof CoverageQuery>;

function areaSummary(a: AreaRow) {
  return { id: a.id, name: a.name, name_en: a.name_en, level: a.level, code: a.code };
}

export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const measure = async (area: AreaRow, q: Query): Promise<CoverageResult> => {
    const params = coverageParamsOf(q);
    const result = await coverageOf(app.db.pool, area.id, q.kind, params, app.today());
    return { area: areaSummary(area), kind: q.kind, params, definition: COVERAGE_METRICS[q.kind], ...result };
  };

  app.get(
    '/api/coverage',
    {
      schema: {
        summary: 'How much of the need an area\'s projects meet, for one kind',
        tags: ['coverage'],
        querystring: CoverageQuery,
        response: { 200: CoverageResult, ...errorResponses(404) },
      },
    },
    async (request) => {
      const area = await areaById(app.db.pool, request.query.area);
      if (!area) throw new NotFoundError(`area ${request.query.area} does not exist`);
      return measure(area, request.query);
    },
  );

  app.get(
    '/api/coverage/children',
    {
      schema: {
        summary: 'The same, for each child area (streets of a district, communities of a street)',
        tags: ['coverage'],
        querystring: CoverageQuery,
        response: { 200: Type.Array(CoverageResult), ...errorResponses(404) },
      },
    },
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
