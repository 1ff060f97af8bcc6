import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../../server/src/db/database.js';
import { startEmbeddedPostgis } from '../../server/src/db/embedded.js';
import { prepareDatabase } from '../../server/src/db/prepare.js';
import { todayIn } from '../../server/src/domain/dates.js';

/**
 * One database for the whole run, with the demo data loaded: creating PostGIS
 * in a fresh PGlite takes seconds, so test files share it and keep to their own
 * rows. With TEST_DATABASE_URL the same tests run against that PostGIS server,
 * whose public schema is wiped first.
 *
 * The API and browser layers (vite.config.ts) both name this file; when one
 * `vitest run` holds both, they share one database, as every test file did
 * before the layers: the first layer to start it makes it, the last to finish
 * stops it. Vitest loads a global setup once per project, so what they share
 * lives on globalThis.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'embedded' | 'postgis';
  }
}

export const TEST_TIME_ZONE = 'Asia/Shanghai';

const silentLog = { info: () => undefined, warn: (msg: string) => console.warn(msg) };

interface TestDatabase {
  url: string;
  kind: 'embedded' | 'postgis';
  stop(): Promise<void>;
}

interface SharedDatabase {
  ready: Promise<TestDatabase>;
  users: number;
}

const SHARED = Symbol.for('minsheng-map.test-database');
const holder = globalThis as { [SHARED]?: SharedDatabase };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (holder[SHARED] ??= { ready: startTestDatabase(), users: 0 });
  shared.users += 1;
  const database = await shared.ready;
  project.provide('databaseKind', database.kind);
  project.provide('databaseUrl', database.url);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete holder[SHARED];
    await database.stop();
  };
}

async function startTestDatabase(): Promise<TestDatabase> {
  const started = Date.now();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) await wipePublicSchema(serverUrl);
  // Some test files run a second app beside the shared one (other rate or login
  // limits), each with its own pool; without a spare each, pg's reconnect after
  // an SQL error is refused (ECONNRESET) while the old socket is still closing.
  const embedded = serverUrl ? undefined : await startEmbeddedPostgis(undefined, 2);
  const url = serverUrl ?? embedded!.url;
  const kind = serverUrl ? 'postgis' : 'embedded';

  // Prepare on a pool of its own and close it, so the test files' pools have
  // every connection the embedded server allows.
  const db = connectDatabase(url, kind, 2);
  try {
    await prepareDatabase(db, { demoData: 'auto', today: todayIn(TEST_TIME_ZONE), timeZone: TEST_TIME_ZONE, log: silentLog });
  } finally {
    await db.close();
  }
  console.log(`test database (${kind}) ready in ${Date.now() - started} ms`);
  return { url, kind, stop: async () => embedded?.stop() };
}

async function wipePublicSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; CREATE EXTENSION postgis;');
  } finally {
    await client.end();
  }
}
