import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ImportOptions,
  ImportStateOutput,
  LedgerOutput,
  MAX_LEDGER_BYTES,
  PlaceBody,
  PreviewPage,
  PreviewQuery,
  UnplacedRow,
  ValueDecisions,
  ValueList,
} from '../domain/ledgerImport.js';
import { rejectedWorkbook } from '../imports/rejectedWorkbook.js';
import { handleError } from '../plugins/errors.js';
import { allLedgers, importById, previewRows, rejectedRows, unplacedRows, valueReviewOf } from '../queries/ledgerImports.js';
import { decideValues } from '../services/ledgerValueChoices.js';
import { contentDisposition } from '../reports/table.js';
import {
  fileTooLarge,
  importState,
  placeUnplacedRow,
  REJECTED_SUFFIX,
  startCommit,
  startPreview,
  uploadLedger,
  type ImportContext,
} from '../services/ledgerImports.js';
import { IdParams } from './params.js';
import { NotFoundError } from '../domain/errors.js';
import { errorResponses } from './errorResponses.js';

/** Ledger files arrive as their own bytes; browsers label them in several ways, or not at all. */

const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const LEDGER_TYPES = [
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
];

const UploadQuery = Type.Object(
  { file_name: Type.String({ minLength: 1, maxLength: 255, description: 'the file’s name: it names the ledger by default' }) },
  { additionalProperties: false },
);
const RowParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }), row: Type.Integer({ minimum: 1, maximum: 2_000_000 }) },
  { additionalProperties: false },
);

/** Importing ledgers (台账): planners only. Upload → confirm the mapping → preview → commit; then place the unplaced rows. */
export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser(LEDGER_TYPES, { parseAs: 'buffer', bodyLimit: MAX_LEDGER_BYTES }, (_request, body, done) => done(null, body));
  // Fastify refuses an oversized body before reading it; say so in the planner's words.
  app.setErrorHandler((error: FastifyError, request, reply) =>
    handleError(error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? (fileTooLarge() as unknown as FastifyError) : error, request, reply),
  );
  const context = (request: FastifyRequest): ImportContext => ({ pool: app.db.pool, actor: request.user!.username, today: app.today() });
  const tags = ['imports'];

  app.post(
    '/api/imports',
    {
      schema: {
        summary: 'Upload a ledger (XLSX, or CSV in UTF-8, UTF-16 or GBK, ≤ 50 MB); the body is the file itself. Nothing is written to projects yet.',
        tags,
        querystring: UploadQuery,
        response: { 201: ImportStateOutput, ...errorResponses(401, 403, 413, 415) },
      },
      bodyLimit: MAX_LEDGER_BYTES,
      onRequest: app.authorize('importLedger'),
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw Object.assign(new Error('send the file itself as the body (Content-Type application/octet-stream)'), { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      }
      return reply.code(201).send(await uploadLedger(context(request), request.query.file_name, request.body));
    },
  );

  app.get(
    '/api/imports/:id',
    { schema: { summary: 'An import’s state and progress: poll it while analysing or committing', tags, params: IdParams, response: { 200: ImportStateOutput, ...errorResponses(401, 403, 404) } }, onRequest: app.authorize('importLedger') },
    async (request) => importState(app.db.pool, request.params.id),
  );

  app.post(
    '/api/imports/:id/preview',
    {
      schema: {
        summary: 'Confirm the mapping and analyse every row into a preview (202; poll the import). The mapping is remembered for the ledger.',
        tags,
        params: IdParams,
        body: ImportOptions,
        response: { 202: ImportStateOutput, ...errorResponses(401, 403, 404, 409, 413, 415) },
      },
      onRequest: app.authorize('importLedger'),
    },
    async (request, reply) => reply.code(202).send((await startPreview(context(request), request.params.id, request.body)).state),
  );

  app.get(
    '/api/imports/:id/rows',
    { schema: { summary: 'The preview, row by row, optionally of one outcome', tags, params: IdParams, querystring: PreviewQuery, response: { 200: PreviewPage, ...errorResponses(401, 403, 404) } }, onRequest: app.authorize('importLedger') },
    async (request) => {
      await importState(app.db.pool, request.params.id);
      return previewRows(app.db.pool, request.params.id, { outcome: request.query.outcome, warned: request.query.warned, offset: request.query.offset ?? 0, limit: request.query.limit ?? 100 });
    },
  );

  app.get(
    '/api/imports/:id/values',
    {
      schema: {
        summary: 'The values of the preview that match no unit, kind, status or street exactly: how many rows carry each, the suggestion, the decision',
        tags,
        params: IdParams,
        response: { 200: ValueList, ...errorResponses(401, 403, 404) },
      },
      onRequest: app.authorize('importLedger'),
    },
    async (request) => {
      await importState(app.db.pool, request.params.id);
      return (await valueReviewOf(app.db.pool, request.params.id)) ?? { values: [], total: 0 };
    },
  );

  app.put(
    '/api/imports/:id/values',
    {
      schema: {
        summary: 'Decide what values mean (accept the suggestion, pick, create the unit, forget): kept with the ledger and as units’ short names; preview again to apply them',
        tags,
        params: IdParams,
        body: ValueDecisions,
        response: { 200: ValueList, ...errorResponses(401, 403, 404, 409, 413, 415) },
      },
      onRequest: app.authorize('importLedger'),
    },
    async (request) => decideValues(context(request), request.params.id, request.body.decisions),
  );

  app.post(
    '/api/imports/:id/commit',
    {
      schema: {
        summary: 'Write the previewed rows in one transaction (202; poll the import). Rows changed in the app since the preview become conflicts.',
        tags,
        params: IdParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 202: ImportStateOutput, ...errorResponses(401, 403, 404, 409, 413, 415) },
      },
      onRequest: app.authorize('importLedger'),
    },
    async (request, reply) => reply.code(202).send((await startCommit(context(request), request.params.id)).state),
  );

  app.get(
    '/api/imports/:id/rejected.xlsx',
    {
      schema: {
        summary: 'The rows that cannot be imported, with a reason column, to fix and import again', tags,
        params: IdParams,
        response: {
          200: { description: 'an XLSX workbook', content: { [XLSX_CONTENT_TYPE]: { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } },
          ...errorResponses(401, 403, 404),
        },
      },
      onRequest: app.authorize('importLedger'),
    },
    async (request, reply) => {
      const row = await importById(app.db.pool, request.params.id);
      const sheet = row?.outline.sheets.find((s) => s.name === row.options?.sheet);
      if (!row || !row.options || !sheet) throw new NotFoundError(`import ${request.params.id} has no preview`);
      const workbook = await rejectedWorkbook(row.options.ledger_name, sheet, await rejectedRows(app.db.pool, row.id));
      return reply
        .type(XLSX_CONTENT_TYPE)
        .header('content-disposition', contentDisposition(`ledger-${row.id}-rejected.xlsx`, `${row.options.ledger_name}${REJECTED_SUFFIX}.xlsx`))
        .send(workbook);
    },
  );

  app.get(
    '/api/imports/unplaced',
    { schema: { summary: 'Imported rows with an address but no position, waiting to be placed on the map', tags, response: { 200: Type.Array(UnplacedRow), ...errorResponses(401, 403) } }, onRequest: app.authorize('importLedger') },
    async () => (await unplacedRows(app.db.pool)).map((r) => ({ ...r, imported_at: new Date(r.imported_at).toISOString() })),
  );

  app.post(
    '/api/imports/:id/rows/:row/place',
    {
      schema: {
        summary: 'Place an unplaced row where the planner clicked: its project is created there',
        tags,
        params: RowParams,
        body: PlaceBody,
        response: { 201: Type.Object({ project_id: Type.Integer() }), ...errorResponses(401, 403, 404, 409, 413, 415) },
      },
      onRequest: app.authorize('importLedger'),
    },
    async (request, reply) => reply.code(201).send(await placeUnplacedRow(context(request), request.params.id, request.params.row, request.body)),
  );

  app.get(
    '/api/ledgers',
    { schema: { summary: 'The ledgers imported so far, with the mapping each was last confirmed with', tags, response: { 200: Type.Array(LedgerOutput), ...errorResponses(401, 403) } }, onRequest: app.authorize('importLedger') },
    async () => (await allLedgers(app.db.pool)).map((l) => ({ ...l, updated_at: l.updated_at.toISOString() })),
  );
};
