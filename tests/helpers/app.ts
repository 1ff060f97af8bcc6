import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { connectDatabase } from '../../server/src/db/database.js';

/** The real application on the run's shared database. Close it in afterAll. */
export async function startTestApp(): Promise<FastifyInstance> {
  const db = connectDatabase(inject('databaseUrl'), inject('databaseKind'), 4);
  // Tests read far faster than any visitor: the public rate limit is tested on an app of its own.
  const app = await buildApp({ db, timeZone: 'Asia/Shanghai', clientDir: '/nonexistent', publicRateLimit: 1_000_000 });
  app.addHook('onClose', async () => {
    await db.close();
  });
  await app.ready();
  return app;
}
