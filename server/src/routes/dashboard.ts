import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import type pg from 'pg';
import { Type } from 'typebox';
import { DashboardSchema } from '../domain/dashboard.js';
import { InvalidInputError, type FieldError } from '../domain/errors.js';
import { KIND_CODES, type KindCode } from '../domain/kinds/index.js';
import { parseChoiceList } from '../domain/projectFilter.js';
import { areaExists } from '../queries/areas.js';
import { dashboardOf } from '../services/dashboard.js';
import { errorResponses } from './errorResponses.js';

/** The query parameters the dashboard and the weekly summary share. */
export const ScopeQuery = {
  area: Type.Optional(PositiveInt4({ description: 'an area id; its streets and communities are included. Omitted: all districts' })),
  kind: Type.Optional(Type.String({ description: `comma-separated: ${KIND_CODES.join(', ')}. Omitted: every kind` })),
};

/** The area and kinds of a request, or 400 naming the parameter that is wrong. */
export async function parseScope(
  db: pg.Pool,
  query: { area?: number; kind?: string },
  more: FieldError[] = [],
): Promise<{ areaId: number | null; kinds: KindCode[] | null }> {
  const errors = [...more];
  let kinds: KindCode[] | null = null;
  if (query.kind !== undefined) {
    const parsed = parseChoiceList('kind', query.kind, KIND_CODES);
    if (parsed.error) errors.push(parsed.error);
    kinds = parsed.values ?? null;
  }
  if (query.area !== undefined && !(await areaExists(db, query.area))) {
    errors.push({ in: 'querystring', field: '/area', reason: `there is no area ${query.area}`, reason_zh: `区域 ${query.area} 不存在` });
  }
  if (errors.length > 0) throw new InvalidInputError(errors);
  return { areaId: query.area ?? null, kinds };
}

/** The leader dashboard (督办看板): read by leaders, planners and administrators. */
export function dashboardRoutes(timeZone: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/dashboard',
      {
        schema: {
          summary: 'An area’s projects by kind and status, its measures, per child area and per unit, the overdue list and a 12-week trend',
          description: 'Each measure is defined in server/src/domain/dashboard.ts (DASHBOARD_MEASURES, WEEKLY_MEASURES). Needs the readDashboard capability.',
          tags: ['dashboard'],
          querystring: Type.Object(ScopeQuery, { additionalProperties: false }),
          response: { 200: DashboardSchema, ...errorResponses(401, 403) },
        },
        onRequest: app.authorize('readDashboard'),
      },
      async (request) => {
        const scope = await parseScope(app.db.pool, request.query);
        return dashboardOf(app.db.pool, { ...scope, today: app.today(), timeZone });
      },
    );
  };
}
