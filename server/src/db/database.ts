import pg from 'pg';
import { BoundedPool, type PoolWaitBound } from './boundedPool.js';
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgis } from './embedded.js';

export type DatabaseKind = 'embedded' | 'postgis';

export interface Database {
  pool: pg.Pool;
  /** Where the pool connects (the embedded database's loopback socket, or the server). */
  url: string;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL server; undefined starts the embedded database. */
  databaseUrl: string | undefined;
  poolSize: number;
  /** The embedded database's folder; undefined keeps it in memory. */
  embeddedDbDir: string | undefined;
  /** How many requests may wait for a connection, and for how long; undefined: no bound (the command-line tools). */
  waitBound?: PoolWaitBound;
}

// Dates stay calendar dates ('2024-01-05'), not midnight in the server's zone;
// bigint ids and counts fit easily in a JS number.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Opens the configured database with PostGIS ready. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = createPool(options.databaseUrl, options.poolSize, options.waitBound);
    try {
      await ensurePostgis(pool);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return { pool, url: options.databaseUrl, kind: 'postgis', close: () => pool.end() };
  }
  const embedded = await startEmbeddedPostgis(options.embeddedDbDir);
  const pool = createPool(embedded.url, EMBEDDED_POOL_SIZE, options.waitBound);
  return {
    pool,
    url: embedded.url,
    kind: 'embedded',
    async close() {
      await pool.end();
      await embedded.stop();
    },
  };
}

/** Connects to a database that is already running (tests share one this way). */
export function connectDatabase(url: string, kind: DatabaseKind, poolSize: number, waitBound?: PoolWaitBound): Database {
  const pool = createPool(url, kind === 'embedded' ? EMBEDDED_POOL_SIZE : poolSize, waitBound);
  return { pool, url, kind, close: () => pool.end() };
}

function createPool(connectionString: string, max: number, waitBound: PoolWaitBound | undefined): pg.Pool {
  const config: pg.PoolConfig = {
    connectionString,
    max,
    application_name: 'minsheng-map',
    // Awaited before the connection is handed out. JIT compilation costs 40–90 ms
    // per spatial query and gains nothing on queries this size; the statement
    // timeout bounds any one request's work. random_page_cost 4 prices a random
    // read as a spinning disk's; our tables are read from memory or SSD. At 4 the
    // planner served a map window of 2,000 among a million projects by walking
    // the primary key past 31,000 rows (30 ms) instead of asking the spatial
    // index (7 ms), and a window holding few projects would walk it all.
    onConnect: (client) => client.query('SET jit = off; SET statement_timeout = 30000; SET random_page_cost = 1.1'),
  };
  const pool = waitBound ? new BoundedPool(config, waitBound) : new pg.Pool(config);
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

export class PostgisMissingError extends Error {}

async function ensurePostgis(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ extversion: string }>(
    "SELECT extversion FROM pg_extension WHERE extname = 'postgis'",
  );
  if (rows.length > 0) return;
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS postgis');
  } catch (err) {
    throw new PostgisMissingError(
      `PostGIS is not available in this database (${(err as Error).message}).\n` +
        'Install it on the database server — on Debian/Ubuntu: apt-get install postgresql-<version>-postgis-3 ' +
        '(e.g. postgresql-15-postgis-3) — then, as a superuser in this database: CREATE EXTENSION postgis;',
    );
  }
}
