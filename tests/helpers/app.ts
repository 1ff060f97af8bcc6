import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { connectDatabase } from '../../server/src/db/database.js';

/** The real application on the run's shared database. Close it in afterAll. */
export async function startTestApp(): Promise<FastifyInstance> {
  const db = connectDatabase(inject('databaseUrl'), inject('databaseKind'), 4);
  const app = await buildApp({ db, timeZone: 'Asia/Shanghai', clientDir: '/nonexistent' });
  app.addHook('onClose', async () => {
    await db.close();
  });
  await app.ready();
  return app;
}
