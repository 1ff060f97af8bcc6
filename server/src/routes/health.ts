import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { databaseVersions } from '../queries/health.js';
import { errorResponses } from './errorResponses.js';

const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Enum(['embedded', 'postgis'], { description: 'embedded PGlite, or a PostgreSQL server' }),
  postgres: Type.String(),
  postgis: Type.String(),
  migration: Type.Integer({ description: 'the highest migration applied' }),
});

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    { schema: { summary: 'Which database is in use, and whether it answers', tags: ['system'], response: { 200: Health, ...errorResponses() } } },
    async () => {
      const versions = await databaseVersions(app.db.pool);
      return { status: 'ok' as const, database: app.db.kind, ...versions };
    },
  );
};
