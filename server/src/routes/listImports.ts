import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyRequest } from 'fastify';
import { notAllowed, notLoggedIn, RequestRefusedError } from '../domain/errors.js';
import { can, type Capability } from '../domain/roles.js';
import {
  LIST_KINDS,
  LIST_LABELS,
  ListCommitOutput,
  ListMappingBody,
  ListPreviewOutput,
  ListUploadOutput,
  ListUploadQuery,
  MAX_LIST_BYTES,
  type ListKind,
} from '../domain/listImports.js';
import { handleError } from '../plugins/errors.js';
import { listImportById } from '../queries/listImports.js';
import { commitList, previewList, uploadList, type ListContext } from '../services/listImports.js';
import { errorResponses } from './errorResponses.js';
import { IdParams } from './params.js';

/** Each list is the work of the capability that manages what it loads; all of them are administrators' today. */
const LIST_CAPABILITY: Record<ListKind, Capability> = { units: 'manageUnits', staff: 'manageUsers', compounds: 'manageReferenceLayers' };

const LIST_TYPES = [
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
];

const fileTooLarge = () =>
  new RequestRefusedError(
    413,
    'FILE_TOO_LARGE',
    `the file is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB: a list of units, staff or compounds is far smaller; remove its pictures or split it`,
    `文件超过 ${MAX_LIST_BYTES / 1024 / 1024} MB:单位、人员或小区名单远小于此,请删除其中的图片或拆分后导入`,
  );

function authorizeList(request: FastifyRequest, kind: ListKind): void {
  if (!request.user) throw notLoggedIn();
  if (!can(request.user.role, LIST_CAPABILITY[kind])) throw notAllowed(`import a ${LIST_LABELS[kind].en}`, `导入${LIST_LABELS[kind].zh}`);
}

/** The kind the query names, before it is validated: an unknown one is checked as units, then refused by the schema. */
function kindInQuery(request: FastifyRequest): ListKind {
  const kind = (request.query as { kind?: unknown }).kind;
  return LIST_KINDS.includes(kind as ListKind) ? (kind as ListKind) : 'units';
}

/** Units, staff and compounds from lists (单位名录, 人员名单, 小区名录): upload → map the columns and preview → commit. */
export const listImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser(LIST_TYPES, { parseAs: 'buffer', bodyLimit: MAX_LIST_BYTES }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, request, reply) =>
    handleError(error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? (fileTooLarge() as unknown as FastifyError) : error, request, reply),
  );
  const context = (request: FastifyRequest): ListContext => ({ pool: app.db.pool, actor: { id: request.user!.id, username: request.user!.username } });
  const tags = ['list imports'];
  // An import's kind is known only once it is read: the hook lets administrators through, the handler checks the kind's capability.
  const gate = async (request: FastifyRequest) => authorizeList(request, 'units');
  const openedAs = async (request: FastifyRequest, id: number) => {
    const found = await listImportById(app.db.pool, id);
    if (found) authorizeList(request, found.kind);
  };

  app.post(
    '/api/list-imports',
    {
      schema: {
        summary: `Upload a units, staff or compounds list (XLSX, or CSV in UTF-8 or GBK; ≤ ${MAX_LIST_BYTES / 1024 / 1024} MB, ≤ 5,000 rows); the body is the file. Answers its columns, each guessed to a field.`,
        tags,
        querystring: ListUploadQuery,
        response: { 201: ListUploadOutput, ...errorResponses(401, 403, 413, 415) },
      },
      bodyLimit: MAX_LIST_BYTES,
      onRequest: async (request) => authorizeList(request, kindInQuery(request)),
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new RequestRefusedError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file itself as the body (Content-Type application/octet-stream)', '请直接以文件内容作为请求体上传(Content-Type: application/octet-stream)');
      }
      return reply.code(201).send(await uploadList(context(request), request.query.kind, request.query.file_name, request.body));
    },
  );

  app.post(
    '/api/list-imports/:id/preview',
    {
      schema: {
        summary: 'What each row would do with this column mapping: create, update, unchanged or rejected (with reasons). Nothing is written.',
        tags,
        params: IdParams,
        body: ListMappingBody,
        response: { 200: ListPreviewOutput, ...errorResponses(401, 403, 404, 409, 413, 415) },
      },
      onRequest: gate,
    },
    async (request) => {
      await openedAs(request, request.params.id);
      return previewList(context(request), request.params.id, request.body);
    },
  );

  app.post(
    '/api/list-imports/:id/commit',
    {
      schema: {
        summary: 'Write every row that is not rejected, in one transaction. A staff list answers each new account’s initial password, this once.',
        tags,
        params: IdParams,
        body: ListMappingBody,
        response: { 200: ListCommitOutput, ...errorResponses(401, 403, 404, 409, 413, 415) },
      },
      onRequest: gate,
    },
    async (request, reply) => {
      await openedAs(request, request.params.id);
      // Initial passwords are in the answer: no cache keeps a copy.
      return reply.header('cache-control', 'no-store').send(await commitList(context(request), request.params.id, request.body));
    },
  );
};
