import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { BOUNDARY_BOUNDS, pastBoundaryBound } from '../imports/areas/boundaryBounds.js';
import { AreaImportOptions, AreaImportRows, AreaImportRowsQuery, AreaImportState } from '../domain/areaImport.js';
import { handleError } from '../plugins/errors.js';
import { areaImportRowsPage } from '../queries/areaImports.js';
import { areaImportState, startAreaCommit, startAreaPreview, uploadBoundaryFile, type AreaImportContext } from '../services/areaImports.js';
import { IdParams } from './params.js';
import { errorResponses } from './errorResponses.js';

/** Boundary files arrive as their own bytes, labelled in several ways or not at all. */
const BOUNDARY_TYPES = [
  'application/octet-stream',
  'application/zip',
  'application/x-zip-compressed',
  'application/vnd.google-earth.kml+xml',
  'application/vnd.google-earth.kmz',
  'application/geo+json',
  'application/xml',
  'text/xml',
  'text/plain',
];

const UploadQuery = Type.Object(
  { file_name: Type.String({ minLength: 1, maxLength: 255, description: 'the file’s name: its extension says what it is (.zip, .geojson, .kml, .kmz)' }) },
  { additionalProperties: false },
);

/**
 * Importing boundaries (administrators): upload a zipped Shapefile, GeoJSON,
 * KML or KMZ → choose level, columns and coordinate system → preview → write.
 */
export const areaImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser(BOUNDARY_TYPES, { parseAs: 'buffer', bodyLimit: BOUNDARY_BOUNDS.bytes }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, request, reply) =>
    handleError(error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? (pastBoundaryBound('bytes') as unknown as FastifyError) : error, request, reply),
  );
  const context = (request: FastifyRequest): AreaImportContext => ({ pool: app.db.pool, actor: request.user!.username });
  const tags = ['area imports'];

  app.post(
    '/api/area-imports',
    {
      schema: {
        summary: 'Upload a boundary file (zipped Shapefile, GeoJSON, KML or KMZ, ≤ 100 MB); the body is the file itself. Nothing is written to areas yet.',
        tags,
        querystring: UploadQuery,
        response: { 201: AreaImportState, ...errorResponses(400, 401, 403, 413, 415) },
      },
      bodyLimit: BOUNDARY_BOUNDS.bytes,
      onRequest: app.authorize('manageAreas'),
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw Object.assign(new Error('send the file itself as the body (Content-Type application/octet-stream)'), { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      }
      return reply.code(201).send(await uploadBoundaryFile(context(request), request.query.file_name, request.body));
    },
  );

  app.get(
    '/api/area-imports/:id',
    { schema: { summary: 'A boundary import’s state: poll it while analysing or committing', tags, params: IdParams, response: { 200: AreaImportState, ...errorResponses(401, 403, 404) } }, onRequest: app.authorize('manageAreas') },
    async (request) => areaImportState(app.db.pool, request.params.id),
  );

  app.post(
    '/api/area-imports/:id/preview',
    {
      schema: {
        summary: 'Choose the level, the columns and (if the file does not say it) the coordinate system, and analyse every feature (202; poll the import)',
        tags,
        params: IdParams,
        body: AreaImportOptions,
        response: { 202: AreaImportState, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
      onRequest: app.authorize('manageAreas'),
    },
    async (request, reply) => reply.code(202).send((await startAreaPreview(context(request), request.params.id, request.body)).state),
  );

  app.get(
    '/api/area-imports/:id/rows',
    {
      schema: {
        summary: 'The preview, area by area, with each boundary as it will be written (simplified), optionally of one outcome',
        tags,
        params: IdParams,
        querystring: AreaImportRowsQuery,
        response: { 200: AreaImportRows, ...errorResponses(401, 403, 404) },
      },
      onRequest: app.authorize('manageAreas'),
    },
    async (request) => {
      await areaImportState(app.db.pool, request.params.id);
      return areaImportRowsPage(app.db.pool, request.params.id, { outcome: request.query.outcome, offset: request.query.offset ?? 0, limit: request.query.limit ?? 500 });
    },
  );

  app.post(
    '/api/area-imports/:id/commit',
    {
      schema: {
        summary: 'Write the previewed areas in one transaction (202; poll the import); projects, compounds and roads inside take their new areas',
        tags,
        params: IdParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 202: AreaImportState, ...errorResponses(401, 403, 404, 409, 413, 415) },
      },
      onRequest: app.authorize('manageAreas'),
    },
    async (request, reply) => reply.code(202).send((await startAreaCommit(context(request), request.params.id)).state),
  );
};
