import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { connectDatabase } from '../../server/src/db/database.js';

/** The real application on the run's shared database. Close it in afterAll. */
export async function startTestApp(): Promise<FastifyInstance> {
  const db = connectDatabase(inject('databaseUrl'), inject('databaseKind'), 4);
  // Tests read far faster than any visitor, and try wrong passwords on purpose: the
  // public rate limit and the login lock are tested on apps of their own.
  const app = await buildApp({
    db,
    timeZone: 'Asia/Shanghai',
    clientDir: '/nonexistent',
    publicRateLimit: 1_000_000,
    loginLimits: { perUsername: 1_000_000, perAddress: 1_000_000, windowSeconds: 60 },
  });
  app.addHook('onClose', async () => {
    await db.close();
  });
  await app.ready();
  return app;
}
