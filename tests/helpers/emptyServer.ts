import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, DEFAULT_CLIENT_DIR } from '../../server/src/app.js';
import { buildClientIfStale } from '../../server/src/cli/clientBuild.js';
import { connectDatabase, type Database } from '../../server/src/db/database.js';
import { startEmbeddedPostgis } from '../../server/src/db/embedded.js';
import { prepareDatabase } from '../../server/src/db/prepare.js';
import { todayIn } from '../../server/src/domain/dates.js';

export interface EmptyServer {
  app: FastifyInstance;
  baseUrl: string;
  stop(): Promise<void>;
}

const silent = { info: () => undefined, warn: (m: string) => console.warn(m) };

/**
 * A database of its own with nothing in it (DEMO_DATA=off), as a district
 * starts: an embedded PGlite of its own, or a new database on the run's
 * PostgreSQL server, dropped afterwards. Nothing a test loads into it reaches
 * the shared database the other files read.
 */
export async function startEmptyDatabase(): Promise<{ db: Database; stop(): Promise<void> }> {
  const kind = inject('databaseKind');
  let url: string;
  let dropDatabase: () => Promise<void> = async () => undefined;
  let stopEmbedded: () => Promise<void> = async () => undefined;
  if (kind === 'postgis') {
    const shared = new URL(inject('databaseUrl'));
    const name = `${shared.pathname.slice(1)}_empty_${process.pid}`;
    const admin = new pg.Client({ connectionString: shared.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const own = new URL(shared);
    own.pathname = `/${name}`;
    url = own.toString();
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await setup.end();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: shared.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    };
  } else {
    const embedded = await startEmbeddedPostgis(undefined, 2);
    url = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const db = connectDatabase(url, kind, 4);
  await prepareDatabase(db, { demoData: 'off', today: todayIn('Asia/Shanghai'), timeZone: 'Asia/Shanghai', log: silent });
  return {
    db,
    stop: async () => {
      await db.close();
      await stopEmbedded();
      await dropDatabase();
    },
  };
}

/** The real server, with the built client, listening on a free loopback port, on an empty database of its own. */
export async function startEmptyServer(): Promise<EmptyServer> {
  await buildClientIfStale(() => undefined);
  const database = await startEmptyDatabase();
  const app = await buildApp({ db: database.db, timeZone: 'Asia/Shanghai', clientDir: DEFAULT_CLIENT_DIR });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    baseUrl,
    stop: async () => {
      await app.close();
      await database.stop();
    },
  };
}
