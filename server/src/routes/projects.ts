import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { NotFoundError } from '../domain/errors.js';
import { CreateProjectBody, PatchProjectBody } from '../domain/project.js';
import { can } from '../domain/roles.js';
import { historyOfProject, projectExistsEver, projectListPage, type HistoryRow } from '../queries/projects.js';
import { projectInReach } from '../services/projectAccess.js';
import { createProject, deleteProject, editProject, type EditContext } from '../services/projectEdits.js';
import { IdParams } from './params.js';
import { EXPORT_FORMATS, HistoryEntry, ProjectFeature, ProjectPage } from '../domain/api/projects.js';
import { projectFeature, projectListFeature } from './projectFeature.js';
import { projectFilterOf, ProjectFilterQuery } from './projectListQuery.js';
import { EXPORT_CONTENT_TYPES, projectExportStream } from '../exports/projectExport.js';
import { contentDisposition } from '../reports/table.js';
import { errorResponses } from './errorResponses.js';

/** A page is at most this many features: enough for a district, bounded for any request. */
export const MAX_PAGE_SIZE = 5_000;
export const DEFAULT_PAGE_SIZE = 1_000;

const ListQuery = Type.Object(
  {
    ...ProjectFilterQuery,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })),
    after: Type.Optional(Type.Integer({ minimum: 0, description: 'paging cursor: the last id of the previous page' })),
  },
  { additionalProperties: false },
);

/** Actions the public timeline shows: the steps of the loop, never the edits (whose changes may hold private fields). */
const PUBLIC_HISTORY_ACTIONS = new Set(['create', 'transition', 'delete']);

function historyEntry(row: HistoryRow, includePrivate: boolean) {
  const base = { id: row.id, version: row.version, action: row.action, at: row.at.toISOString(), from_status: row.from_status, to_status: row.to_status };
  return includePrivate ? { ...base, actor: row.actor, changes: row.changes, note: row.note } : base;
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
        response: { 200: ProjectPage, ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? DEFAULT_PAGE_SIZE;
      const today = app.today();
      const { filter, nothing } = await projectFilterOf(request, q, app.db.pool, today, { afterId: q.after ?? 0, limit });
      const rows = nothing ? [] : await projectListPage(app.db.pool, filter);
      return {
        type: 'FeatureCollection' as const,
        features: rows.map((r) => projectListFeature(r, today)),
        numberReturned: rows.length,
        next: rows.length === limit ? nextPageUrl(request, rows[rows.length - 1]!.id) : null,
      };
    },
  );

  app.get(
    '/api/projects/export',
    {
      schema: {
        summary: 'The projects the list filters select, as an XLSX or CSV ledger with Chinese headers, or GeoJSON; streamed',
        description: 'Private columns (reporter, phone, internal note) only for staff. CSV is UTF-8 with a BOM so Excel opens it.',
        tags: ['projects'],
        querystring: Type.Object(
          { ...ProjectFilterQuery, format: Type.Enum(EXPORT_FORMATS, { default: 'xlsx', description: 'xlsx | csv | geojson' }) },
          { additionalProperties: false },
        ),
        response: {
          // The ledger is a file, streamed as it is written; only the errors are JSON.
          200: {
            description: 'the ledger, as a download',
            content: Object.fromEntries(Object.values(EXPORT_CONTENT_TYPES).map((type) => [type, { schema: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }) }])),
          },
          ...errorResponses(),
        },
      },
    },
    async (request, reply) => {
      const today = app.today();
      const { filter, nothing } = await projectFilterOf(request, request.query, app.db.pool, today, { afterId: 0, limit: 1 });
      const format = request.query.format ?? 'xlsx';
      const stream = projectExportStream(app.db.pool, nothing ? { ...filter, unitIds: [-1] } : filter, format, {
        today,
        includePrivate: includePrivate(request),
        onError: (err) => request.log.error({ err }, 'export failed while streaming'),
      });
      const name = `民生项目台账-${today}.${format}`;
      return reply
        .type(EXPORT_CONTENT_TYPES[format])
        .header('content-disposition', contentDisposition(`minsheng-projects-${today}.${format}`, name))
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );

  app.get(
    '/api/projects/:id',
    {
      schema: {
        summary: 'One project; private fields (reporter, internal note) only for staff',
        tags: ['projects'],
        params: IdParams,
        response: { 200: ProjectFeature, ...errorResponses(404) },
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
        response: { 201: ProjectFeature, ...errorResponses(401, 403, 413, 415) },
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
        response: { 200: ProjectFeature, ...errorResponses(401, 403, 404, 409, 413, 415) },
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
          { version: Type.Optional(PositiveInt4({ description: 'refuse with 409 unless still at this version' })) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null({ description: 'deleted' }), ...errorResponses(401, 403, 404, 409) },
      },
      onRequest: app.authorize('deleteProject'),
    },
    async (request, reply) => {
      await deleteProject(editContext(request), request.params.id, request.query.version);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/projects/:id/history',
    {
      schema: {
        summary: 'The recorded changes of a project, oldest first: for the public, the steps of the loop without who, notes or changes',
        tags: ['projects'],
        params: IdParams,
        response: { 200: Type.Array(HistoryEntry), ...errorResponses(404) },
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
