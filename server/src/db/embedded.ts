import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedPostgis {
  /** A postgres:// URL that `pg` connects to. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite with PostGIS and serves it over the PostgreSQL wire protocol on
 * loopback, so the same `pg` code runs against it and against a real server.
 *
 * PGlite is one session: every socket connection shares it, so a transaction on
 * one connection would be seen by the others. Callers must therefore use a pool
 * of exactly one connection. The server allows one more than that because `pg`
 * drops a connection after an SQL error and reconnects before the old socket
 * has closed.
 *
 * @param dataDir where the database lives; undefined keeps it in memory.
 */
export async function startEmbeddedPostgis(dataDir: string | undefined): Promise<EmbeddedPostgis> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir, extensions: { postgis } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: EMBEDDED_POOL_SIZE + 1,
  });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      // The socket server finishes its last write asynchronously; closing the
      // database under it corrupts that write.
      await sleep(100);
      await db.close();
    },
  };
}

export const EMBEDDED_POOL_SIZE = 1;
