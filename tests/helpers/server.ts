import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp, DEFAULT_CLIENT_DIR, type AppOptions } from '../../server/src/app.js';
import { buildClientIfStale } from '../../server/src/cli/clientBuild.js';
import { connectDatabase } from '../../server/src/db/database.js';

/** The real server with the built client, listening on a free loopback port, on the run's shared database. */
export async function startTestServer(options: Pick<AppOptions, 'basemap' | 'mapTileThreshold'> = {}): Promise<{ app: FastifyInstance; baseUrl: string }> {
  await buildClientIfStale(() => undefined);
  const db = connectDatabase(inject('databaseUrl'), inject('databaseKind'), 4);
  const app = await buildApp({ db, timeZone: 'Asia/Shanghai', clientDir: DEFAULT_CLIENT_DIR, ...options });
  app.addHook('onClose', async () => db.close());
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, baseUrl };
}
