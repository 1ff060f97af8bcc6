import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { InvalidInputError, NotFoundError, type FieldError } from '../domain/errors.js';
import { can } from '../domain/roles.js';
import type { SessionUser } from '../domain/user.js';
import { KIND_CODES } from '../domain/kinds/index.js';
import { CreateProjectBody, PatchProjectBody } from '../domain/project.js';
import { parseBbox, parseChoiceList, parseIdList } from '../domain/projectFilter.js';
import { OPEN_STATUSES, STATUSES } from '../domain/status.js';
import { areaExists } from '../queries/areas.js';
import { historyOfProject, projectExistsEver, projectsMatching, type HistoryRow, type ProjectFilter } from '../queries/projects.js';
import { projectInReach } from '../services/projectAccess.js';
import { createProject, deleteProject, editProject, type EditContext } from '../services/projectEdits.js';
import { IdParams } from './params.js';
import { projectFeature, ProjectFeature, projectListFeature, ProjectListFeature } from './projectFeature.js';

/** A page is at most this many features: enough for a district, bounded for any request. */
export const MAX_PAGE_SIZE = 5_000;
const DEFAULT_PAGE_SIZE = 1_000;

const ListQuery = Type.Object(
  {
    bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat (WGS 84)' })),
    kind: Type.Optional(Type.String({ description: `comma-separated: ${KIND_CODES.join(', ')}` })),
    status: Type.Optional(Type.String({ description: `comma-separated: ${STATUSES.join(', ')}` })),
    area: Type.Optional(Type.Integer({ minimum: 1, description: 'an area id; its streets and communities are included' })),
    unit: Type.Optional(Type.String({ description: 'comma-separated responsible unit ids' })),
    overdue: Type.Optional(Type.Boolean({ description: 'only open projects past their deadline' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'text in the title or address' })),
    reported_from: Type.Optional(Type.String({ format: 'date', description: 'reported on or after this date (YYYY-MM-DD)' })),
    reported_to: Type.Optional(Type.String({ format: 'date', description: 'reported on or before this date (YYYY-MM-DD)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })),
    after: Type.Optional(Type.Integer({ minimum: 0, description: 'paging cursor: the last id of the previous page' })),
  },
  { additionalProperties: false },
);

const ProjectPage = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(ProjectListFeature),
  numberReturned: Type.Integer(),
  next: Type.Union([Type.String(), Type.Null()], { description: 'the URL of the next page, null on the last' }),
});

const HistoryEntry = Type.Object({
  id: Type.Integer(),
  version: Type.Integer(),
  action: Type.String(),
  at: Type.String({ format: 'date-time' }),
  from_status: Type.Union([Type.String(), Type.Null()]),
  to_status: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Optional(Type.String({ description: 'staff only' })),
  changes: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'staff only' })),
  note: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'staff only' })),
});

/** Actions the public timeline shows: the steps of the loop, never the edits (whose changes may hold private fields). */
const PUBLIC_HISTORY_ACTIONS = new Set(['create', 'transition', 'delete']);

function historyEntry(row: HistoryRow, includePrivate: boolean) {
  const base = { id: row.id, version: row.version, action: row.action, at: row.at.toISOString(), from_status: row.from_status, to_status: row.to_status };
  return includePrivate ? { ...base, actor: row.actor, changes: row.changes, note: row.note } : base;
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

/** The URL of the page after `lastId`, with the same filters. */
function nextPageUrl(request: FastifyRequest, lastId: number): string {
  const url = new URL(request.url, 'http://placeholder');
  url.searchParams.set('after', String(lastId));
  return `${url.pathname}${url.search}`;
}

export const projectRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Every write route runs behind authorize(), so a user is always there.
  const editContext = (request: FastifyRequest): EditContext => ({ pool: app.db.pool, actor: request.user!.username, today: app.today() });
  const includePrivate = (request: FastifyRequest) => can(request.user?.role, 'readPrivate');

  app.get(
    '/api/projects',
    {
      schema: {
        summary: 'Projects as a GeoJSON FeatureCollection, filtered and paged in id order',
        tags: ['projects'],
        querystring: ListQuery,
        response: { 200: ProjectPage },
      },
    },
    async (request) => {
      const q = request.query;
      const errors: FieldError[] = [];
      const take = <T>(parsed: { error?: FieldError } & T): T => {
        if (parsed.error) errors.push(parsed.error);
        return parsed;
      };
      const bbox = q.bbox === undefined ? undefined : take(parseBbox(q.bbox)).bbox;
      const kinds = q.kind === undefined ? undefined : take(parseChoiceList('kind', q.kind, KIND_CODES)).values;
      const statuses = q.status === undefined ? undefined : take(parseChoiceList('status', q.status, STATUSES)).values;
      const unitIds = unitScope(request.user, q.unit === undefined ? undefined : take(parseIdList('unit', q.unit)).values);
      if (q.area !== undefined && !(await areaExists(app.db.pool, q.area))) {
        errors.push({ in: 'querystring', field: '/area', reason: `there is no area ${q.area}`, reason_zh: `区域 ${q.area} 不存在` });
      }
      if (q.reported_from && q.reported_to && q.reported_from > q.reported_to) {
        errors.push({ in: 'querystring', field: '/reported_to', reason: 'must not be before reported_from', reason_zh: '结束日期不能早于开始日期' });
      }
      if (errors.length > 0) throw new InvalidInputError(errors);

      const limit = q.limit ?? DEFAULT_PAGE_SIZE;
      const today = app.today();
      const filter: ProjectFilter = {
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
        afterId: q.after ?? 0,
        limit,
      };
      const rows = unitIds?.length === 0 ? [] : await projectsMatching(app.db.pool, filter);
      return {
        type: 'FeatureCollection' as const,
        features: rows.map((r) => projectListFeature(r, today)),
        numberReturned: rows.length,
        next: rows.length === limit ? nextPageUrl(request, rows[rows.length - 1]!.id) : null,
      };
    },
  );

  app.get(
    '/api/projects/:id',
    {
      schema: {
        summary: 'One project; private fields (reporter, internal note) only for staff',
        tags: ['projects'],
        params: IdParams,
        response: { 200: ProjectFeature },
      },
    },
    async (request) => {
      const row = await projectInReach(app.db.pool, request.params.id, request.user);
      return projectFeature(row, app.today(), { includePrivate: includePrivate(request) });
    },
  );

  app.post(
    '/api/projects',
    {
      schema: {
        summary: 'Create a project from a GeoJSON Feature: it starts the loop as reported (planners)',
        tags: ['projects'],
        body: CreateProjectBody,
        response: { 201: ProjectFeature },
      },
      onRequest: app.authorize('createProject'),
    },
    async (request, reply) => {
      const row = await createProject(editContext(request), request.body);
      return reply.code(201).header('location', `/api/projects/${row.id}`).send(projectFeature(row, app.today(), { includePrivate: true }));
    },
  );

  app.patch(
    '/api/projects/:id',
    {
      schema: {
        summary: 'Change some properties and/or the geometry (planners); a stale version gets 409; the status changes only by transitions',
        tags: ['projects'],
        params: IdParams,
        body: PatchProjectBody,
        response: { 200: ProjectFeature },
      },
      onRequest: app.authorize('editProject'),
    },
    async (request) => {
      const row = await editProject(editContext(request), request.params.id, request.body);
      return projectFeature(row, app.today(), { includePrivate: true });
    },
  );

  app.delete(
    '/api/projects/:id',
    {
      schema: {
        summary: 'Delete a project (planners; soft: it and its history are kept)',
        tags: ['projects'],
        params: IdParams,
        querystring: Type.Object(
          { version: Type.Optional(Type.Integer({ minimum: 1, description: 'refuse with 409 unless still at this version' })) },
          { additionalProperties: false },
        ),
      },
      onRequest: app.authorize('deleteProject'),
    },
    async (request, reply) => {
      await deleteProject(editContext(request), request.params.id, request.query.version);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/projects/:id/history',
    {
      schema: {
        summary: 'The recorded changes of a project, oldest first: for the public, the steps of the loop without who, notes or changes',
        tags: ['projects'],
        params: IdParams,
        response: { 200: Type.Array(HistoryEntry) },
      },
    },
    async (request) => {
      const id = request.params.id;
      const staff = includePrivate(request);
      // Staff who see every unit may read a deleted project's history; the public and unit users only a live project's.
      if (staff && request.user!.role !== 'unit') {
        if (!(await projectExistsEver(app.db.pool, id))) throw new NotFoundError(`project ${id} does not exist`);
      } else {
        await projectInReach(app.db.pool, id, request.user);
      }
      const rows = await historyOfProject(app.db.pool, id);
      return rows.filter((r) => staff || PUBLIC_HISTORY_ACTIONS.has(r.action)).map((r) => historyEntry(r, staff));
    },
  );
};
