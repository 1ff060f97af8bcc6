import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../domain/errors.js';
import { NonBlankString } from '../domain/schemaTypes.js';
import { allApiKeys, insertApiKey, revokeApiKey, type ApiKeyRow } from '../queries/apiKeys.js';
import { hashToken } from '../services/sessions.js';
import { Int4IdParams } from './params.js';
import { errorResponses } from './errorResponses.js';

const ApiKey = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  created_by: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  revoked: Type.Boolean(),
});

const keyOutput = (k: ApiKeyRow) => ({ ...k, created_at: k.created_at.toISOString() });

/** API keys for other systems (Open311 reports), issued and revoked by administrators. */
export const apiKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const onlyAdmins = app.authorize('manageApiKeys');

  app.get(
    '/api/api-keys',
    { schema: { summary: 'The API keys (never the keys themselves)', tags: ['api keys'], response: { 200: Type.Array(ApiKey), ...errorResponses(401, 403) } }, onRequest: onlyAdmins },
    async () => (await allApiKeys(app.db.pool)).map(keyOutput),
  );

  app.post(
    '/api/api-keys',
    {
      schema: {
        summary: 'Issue a key: the answer holds it once, it is not stored',
        tags: ['api keys'],
        body: Type.Object({ name: NonBlankString(100) }, { additionalProperties: false }),
        response: { 201: Type.Object({ ...ApiKey.properties, key: Type.String() }), ...errorResponses(401, 403, 413, 415) },
      },
      onRequest: onlyAdmins,
    },
    async (request, reply) => {
      const key = `msk_${randomBytes(24).toString('base64url')}`;
      const row = await insertApiKey(app.db.pool, { name: request.body.name.trim(), keyHash: hashToken(key), createdBy: request.user!.username });
      return reply.code(201).send({ ...keyOutput(row), key });
    },
  );

  app.delete(
    '/api/api-keys/:id',
    {
      schema: { summary: 'Revoke a key', tags: ['api keys'], params: Int4IdParams, response: { 204: Type.Null({ description: 'revoked' }), ...errorResponses(401, 403, 404) } },
      onRequest: onlyAdmins,
    },
    async (request, reply) => {
      if (!(await revokeApiKey(app.db.pool, request.params.id))) throw new NotFoundError(`api key ${request.params.id} does not exist`);
      return reply.code(204).send(null);
    },
  );
};
