import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { addDays, todayIn } from '../domain/dates.js';
import { representativePoint } from '../domain/geojson.js';
import { InvalidInputError, NotFoundError, RequestRefusedError } from '../domain/errors.js';
import { findKind, KIND_CODES, type KindCode } from '../domain/kinds/index.js';
import {
  Open311Errors,
  Open311Receipt,
  Open311Request,
  Open311Service,
  Open311ServiceDefinition,
  open311Status,
  serviceDefinitionOf,
  serviceOf,
  SERVICES,
  statusesOf,
  statusNotes,
  takesPoint,
  type Open311Status,
} from '../domain/open311.js';
import { liveApiKey } from '../queries/apiKeys.js';
import { firstPublicPhotos } from '../queries/photos.js';
import { projectsReported, type ProjectRow } from '../queries/projects.js';
import { createProject } from '../services/projectEdits.js';
import { hashToken } from '../services/sessions.js';

/** At most this many requests per search, as the specification suggests. */
const MAX_REQUESTS = 1000;
/** Without dates or ids, a search covers the last 90 days (the specification's default window). */
const DEFAULT_WINDOW_DAYS = 90;
/** Reports per minute per API key. */
const POSTS_PER_MINUTE = 30;

/**
 * The error answers of an Open311 route: every one goes through the handler
 * below, the public rate limit's 429 and the busy database's 503 included.
 */
function open311Errors<S extends number>(...statuses: S[]): Record<400 | 429 | 503 | S, typeof Open311Errors> {
  return Object.fromEntries([400, 429, 503, ...statuses].map((s) => [s, Open311Errors])) as Record<400 | 429 | 503 | S, typeof Open311Errors>;
}

/** Errors as GeoReport v2 clients expect them: a list of {code, description}. */
function open311Error(reply: FastifyReply, status: number, description: string) {
  return reply.code(status).type('application/json; charset=utf-8').send([{ code: status, description }]);
}

const iso = (date: string, timeZone: string, endOfDay = false) => {
  // A calendar date in the districts' zone, written with its UTC offset.
  const offset = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName')!
    .value.replace('GMT', '');
  return `${date}T${endOfDay ? '23:59:59' : '00:00:00'}${offset || '+00:00'}`;
};

const RequestsQuery = Type.Object(
  {
    jurisdiction_id: Type.Optional(Type.String()),
    service_request_id: Type.Optional(Type.String({ pattern: '^\\d+(,\\d+)*$', maxLength: 4000, description: 'comma-separated ids' })),
    service_code: Type.Optional(Type.String({ description: `comma-separated: ${KIND_CODES.join(', ')}` })),
    start_date: Type.Optional(Type.String({ format: 'date-time' })),
    end_date: Type.Optional(Type.String({ format: 'date-time' })),
    status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))*$', description: 'open, closed or both' })),
  },
  { additionalProperties: false },
);

const PostBody = Type.Object(
  {
    api_key: Type.Optional(Type.String()),
    jurisdiction_id: Type.Optional(Type.String()),
    service_code: Type.String({ minLength: 1 }),
    lat: Type.Optional(Type.String()),
    long: Type.Optional(Type.String()),
    address_string: Type.Optional(Type.String({ maxLength: 500 })),
    address_id: Type.Optional(Type.String()),
    email: Type.Optional(Type.String({ maxLength: 200 })),
    device_id: Type.Optional(Type.String({ maxLength: 200 })),
    account_id: Type.Optional(Type.String({ maxLength: 200 })),
    first_name: Type.Optional(Type.String({ maxLength: 50 })),
    last_name: Type.Optional(Type.String({ maxLength: 50 })),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    media_url: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  // attribute[code]=value fields of the service definition arrive alongside.
  { additionalProperties: Type.String() },
);

/**
 * Open311 GeoReport v2 under /open311/v2: the kinds as services, projects as
 * requests (public fields only), and reports from other systems with an API
 * key an administrator issued. JSON only.
 */
export const open311Routes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(formbody);

  // Inside this prefix, errors take the specification's shape.
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error.validation) {
      return open311Error(reply, 400, error.validation.map((v) => `${error.validationContext ?? ''}${v.instancePath || ''} ${v.message ?? ''}`.trim()).join('; '));
    }
    if (error instanceof InvalidInputError) return open311Error(reply, 400, error.errors.map((e) => `${e.field.replace(/^\/properties\//, '')}: ${e.reason}`).join('; '));
    if (error instanceof NotFoundError) return open311Error(reply, 404, error.message);
    if (error instanceof RequestRefusedError) {
      if (error.retryAfter !== undefined) reply.header('retry-after', String(Math.ceil(error.retryAfter)));
      return open311Error(reply, error.statusCode, error.message);
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return open311Error(reply, error.statusCode, error.message);
    request.log.error({ err: error }, 'unexpected error');
    return open311Error(reply, 500, `an unexpected error occurred; quote request id ${request.id}`);
  });

  const requestOf = (row: ProjectRow, base: string, photoId: number | undefined) => {
    const [long, lat] = representativePoint(row.geometry);
    const kind = findKind(row.kind)!;
    return {
      service_request_id: String(row.id),
      status: open311Status(row.status),
      status_notes: statusNotes(row.status, row.completion_note),
      service_name: `${kind.name.zh} ${kind.name.en}`,
      service_code: row.kind,
      description: row.description ?? row.title,
      agency_responsible: row.unit_name,
      service_notice: null,
      requested_datetime: iso(row.reported_on, app.timeZone),
      updated_datetime: row.updated_at.toISOString(),
      expected_datetime: row.deadline ? iso(row.deadline, app.timeZone, true) : null,
      address: row.address,
      address_id: null,
      zipcode: null,
      lat,
      long,
      media_url: photoId === undefined ? null : `${base}/api/photos/${photoId}`,
    };
  };

  app.get(
    '/open311/v2/services.json',
    { schema: { summary: 'Open311: the services (kinds of project)', tags: ['open311'], response: { 200: Type.Array(Open311Service), ...open311Errors() } } },
    async () => SERVICES.map(serviceOf),
  );

  app.get(
    '/open311/v2/services/:code.json',
    {
      schema: {
        summary: 'Open311: a service definition (its attributes)',
        tags: ['open311'],
        params: Type.Object({ code: Type.String() }),
        response: { 200: Open311ServiceDefinition, ...open311Errors(404) },
      },
    },
    async (request) => {
      const kind = findKind(request.params.code);
      if (!kind) throw new NotFoundError(`there is no service ${request.params.code}`);
      return serviceDefinitionOf(kind);
    },
  );

  const search = async (request: FastifyRequest, base: string, q: { ids?: number[]; service_code?: string; start_date?: string; end_date?: string; status?: string }) => {
    const kinds = q.service_code?.split(',').map((s) => s.trim());
    const unknown = kinds?.find((k) => !findKind(k));
    if (unknown) throw new InvalidInputError([{ in: 'querystring', field: '/service_code', reason: `there is no service ${unknown}`, reason_zh: `没有服务 ${unknown}` }]);
    const statuses = q.status ? [...new Set(q.status.split(',') as Open311Status[])].flatMap(statusesOf) : undefined;
    const today = app.today();
    const from = q.start_date ? todayIn(app.timeZone, new Date(q.start_date)) : q.ids || q.end_date ? undefined : addDays(today, -DEFAULT_WINDOW_DAYS);
    const to = q.end_date ? todayIn(app.timeZone, new Date(q.end_date)) : undefined;
    const rows = await projectsReported(app.db.pool, { ids: q.ids, kinds, statuses, reportedFrom: from, reportedTo: to, limit: MAX_REQUESTS });
    const photos = await firstPublicPhotos(app.db.pool, rows.map((r) => r.id));
    request.log.debug({ count: rows.length }, 'open311 search');
    return rows.map((r) => requestOf(r, base, photos.get(r.id)));
  };

  app.get(
    '/open311/v2/requests.json',
    {
      schema: {
        summary: 'Open311: service requests (public fields), newest first, at most 1000',
        tags: ['open311'],
        querystring: RequestsQuery,
        response: { 200: Type.Array(Open311Request), ...open311Errors() },
      },
    },
    async (request) => {
      const q = request.query;
      // An id past what an integer holds exactly names no request: it finds nothing, like any unknown id.
      const ids = q.service_request_id?.split(',').map(Number).filter(Number.isSafeInteger);
      return search(request, `${request.protocol}://${request.host}`, { ...q, ids });
    },
  );

  app.get(
    '/open311/v2/requests/:id.json',
    {
      schema: {
        summary: 'Open311: one service request',
        tags: ['open311'],
        params: Type.Object({ id: Type.String({ pattern: '^\\d{1,15}$' }) }),
        response: { 200: Type.Array(Open311Request, { description: 'a list of one' }), ...open311Errors(404) },
      },
    },
    async (request) => {
      const found = await search(request, `${request.protocol}://${request.host}`, { ids: [Number(request.params.id)] });
      if (found.length === 0) throw new NotFoundError(`there is no service request ${request.params.id}`);
      return found;
    },
  );

  app.post(
    '/open311/v2/requests.json',
    {
      schema: {
        summary: 'Open311: report a problem at a point; needs an api_key an administrator issued; the reporter’s contact stays private',
        tags: ['open311'],
        body: PostBody,
        response: { 201: Type.Array(Open311Receipt, { description: 'a list of one' }), ...open311Errors(403, 413, 415) },
      },
      config: {
        rateLimit: {
          // After the body is parsed, so the key in it names the counter.
          hook: 'preHandler',
          max: POSTS_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (request: FastifyRequest) => `open311:${(request.body as { api_key?: string } | undefined)?.api_key ?? request.ip}`,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const key = body.api_key ? await liveApiKey(app.db.pool, hashToken(body.api_key)) : undefined;
      if (!key) throw new RequestRefusedError(403, 'INVALID_API_KEY', 'api_key is missing, unknown or revoked', '接口密钥缺失、无效或已吊销');
      const kind = findKind(body.service_code);
      if (!kind) throw new InvalidInputError([{ in: 'body', field: '/service_code', reason: `there is no service ${body.service_code}`, reason_zh: '没有该服务' }]);
      if (!takesPoint(kind)) {
        throw new InvalidInputError([{ in: 'body', field: '/service_code', reason: `${kind.code} projects are areas, entered in the app; they cannot be reported at a point`, reason_zh: '该类项目为片区项目,请在系统中录入' }]);
      }
      const lat = Number(body.lat);
      const long = Number(body.long);
      if (body.lat === undefined || body.long === undefined || !Number.isFinite(lat) || !Number.isFinite(long)) {
        // No geocoding service may be called: a location is the client's to give.
        throw new InvalidInputError([{ in: 'body', field: '/lat', reason: 'lat and long (WGS 84 decimal degrees) are required; addresses are not geocoded', reason_zh: '须提供经纬度' }]);
      }
      const attributes = Object.fromEntries(
        Object.entries(body)
          .filter(([k]) => /^attribute\[[\w-]+\]$/.test(k))
          .map(([k, v]) => [k.slice('attribute['.length, -1), /^-?\d+(\.\d+)?$/.test(String(v)) ? Number(v) : v]),
      );
      const reporter = [body.last_name, body.first_name].filter(Boolean).join('') || null;
      const privateNotes = [body.email && `邮箱 email: ${body.email}`, body.media_url && `附图 media: ${body.media_url}`, body.account_id && `account: ${body.account_id}`].filter(Boolean);
      const description = body.description?.trim() || null;
      const row = await createProject(
        { pool: app.db.pool, actor: `open311:${key.name}`, today: app.today() },
        {
          geometry: { type: 'Point', coordinates: [long, lat] },
          properties: {
            kind: kind.code as KindCode,
            title: description ? description.slice(0, 60) : `${kind.name.zh}(市民上报)`,
            description,
            address: body.address_string?.trim() || null,
            attributes,
            reporter_name: reporter,
            reporter_phone: body.phone?.trim() || null,
            internal_note: privateNotes.length ? privateNotes.join('\n') : null,
          },
        },
      );
      return reply.code(201).send([{ service_request_id: String(row.id), service_notice: `已受理,编号 ${row.id}。Received as ${row.id}.`, account_id: body.account_id ?? null }]);
    },
  );
};
