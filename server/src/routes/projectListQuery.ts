import type { FastifyRequest } from 'fastify';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import type pg from 'pg';
import { Type, type Static } from 'typebox';
import { InvalidInputError, type FieldError } from '../domain/errors.js';
import { KIND_CODES } from '../domain/kinds/index.js';
import { parseBbox, parseChoiceList, parseIdList } from '../domain/projectFilter.js';
import type { SessionUser } from '../domain/user.js';
import { OPEN_STATUSES, STATUSES } from '../domain/status.js';
import { areaExists } from '../queries/areas.js';
import type { ProjectFilter } from '../queries/projects.js';

/**
 * The filters of the project list, shared by the list, the export and the
 * map: the same query string selects the same projects everywhere.
 */
export const ProjectFilterQuery = {
  bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat (WGS 84)' })),
  kind: Type.Optional(Type.String({ description: `comma-separated: ${KIND_CODES.join(', ')}` })),
  status: Type.Optional(Type.String({ description: `comma-separated: ${STATUSES.join(', ')}` })),
  area: Type.Optional(PositiveInt4({ description: 'an area id; its streets and communities are included' })),
  unit: Type.Optional(Type.String({ description: 'comma-separated responsible unit ids' })),
  overdue: Type.Optional(Type.Boolean({ description: 'only open projects past their deadline' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'text in the title or address' })),
  reported_from: Type.Optional(Type.String({ format: 'date', description: 'reported on or after this date (YYYY-MM-DD)' })),
  reported_to: Type.Optional(Type.String({ format: 'date', description: 'reported on or before this date (YYYY-MM-DD)' })),
};
export const ProjectFilterParams = Type.Object(ProjectFilterQuery);
export type ProjectFilterParams = Static<typeof ProjectFilterParams>;

/** The query's `area` names no area. */
export function noSuchArea(id: number): FieldError {
  return { in: 'querystring', field: '/area', reason: `there is no area ${id}`, reason_zh: `区域 ${id} 不存在` };
}

/**
 * The unit ids a list may cover: a unit user's own unit only (an empty list
 * when it asked for other units), anyone else what they asked for.
 */
function unitScope(user: SessionUser | null, requested: number[] | undefined): number[] | undefined {
  if (user?.role !== 'unit') return requested;
  const own = user.unitId!;
  if (requested === undefined) return [own];
  return requested.filter((id) => id === own);
}

/**
 * The filter a request's query string stands for, scoped to what the user may
 * see, or a 400 naming every bad parameter. `nothing` is true when the scope
 * leaves no project at all (a unit user asking for another unit).
 */
export async function projectFilterOf(
  request: FastifyRequest,
  q: ProjectFilterParams,
  db: pg.Pool,
  today: string,
  page: { afterId: number; limit: number },
): Promise<{ filter: ProjectFilter; nothing: boolean }> {
  const errors: FieldError[] = [];
  const take = <T>(parsed: { error?: FieldError } & T): T => {
    if (parsed.error) errors.push(parsed.error);
    return parsed;
  };
  const bbox = q.bbox === undefined ? undefined : take(parseBbox(q.bbox)).bbox;
  const kinds = q.kind === undefined ? undefined : take(parseChoiceList('kind', q.kind, KIND_CODES)).values;
  const statuses = q.status === undefined ? undefined : take(parseChoiceList('status', q.status, STATUSES)).values;
  const unitIds = unitScope(request.user, q.unit === undefined ? undefined : take(parseIdList('unit', q.unit)).values);
  if (q.area !== undefined && !(await areaExists(db, q.area))) {
    errors.push(noSuchArea(q.area));
  }
  if (q.reported_from && q.reported_to && q.reported_from > q.reported_to) {
    errors.push({ in: 'querystring', field: '/reported_to', reason: 'must not be before reported_from', reason_zh: '结束日期不能早于开始日期' });
  }
  if (errors.length > 0) throw new InvalidInputError(errors);
  return {
    filter: {
      bbox,
      kinds,
      statuses,
      areaId: q.area,
      unitIds,
      overdueOnly: q.overdue === true,
      openStatuses: OPEN_STATUSES,
      today,
      text: q.q,
      reportedFrom: q.reported_from,
      reportedTo: q.reported_to,
      ...page,
    },
    nothing: unitIds?.length === 0,
  };
}
