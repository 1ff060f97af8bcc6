import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
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
 * Only one process may open a data directory: two PGlite instances writing the
 * same files corrupt them. The directory's lock file says which process has it.
 *
 * Durability: a commit has been written to the WAL file before the client hears
 * of it, so a killed process (SIGKILL, out of memory) loses no acknowledged
 * write; PGlite replays the WAL at the next start. PGlite runs with fsync off
 * (WebAssembly has no fsync), so a power cut or kernel crash may lose the last
 * writes the operating system had not yet flushed.
 *
 * @param dataDir where the database lives; undefined keeps it in memory.
 * @param pools how many one-connection pools will connect at once; each gets
 *   its spare. Only tests open more than one (two apps with different limits).
 */
export async function startEmbeddedPostgis(dataDir: string | undefined, pools = 1): Promise<EmbeddedPostgis> {
  let unlock: () => Promise<void> = async () => undefined;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  try {
    const db = await PGlite.create({ dataDir, extensions: { postgis } });
    await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: 0,
      maxConnections: pools * (EMBEDDED_POOL_SIZE + 1),
    });
    await server.start();
    const url = `postgres://postgres@${server.getServerConn()}/postgres`;
    await warmUp(url);
    return {
      url,
      async stop() {
        await server.stop();
        // The socket server finishes its last write asynchronously; closing the
        // database under it corrupts that write.
        await sleep(100);
        await db.close();
        await unlock();
      },
    };
  } catch (err) {
    await unlock();
    throw err;
  }
}

export const EMBEDDED_POOL_SIZE = 1;

/**
 * Opens and closes one connection. The first connection to a new socket
 * server takes half a second or more (PGlite's protocol path warming up),
 * later ones a millisecond: paid here, it does not count against the first
 * request's bounded wait for a connection (see boundedPool.ts).
 */
async function warmUp(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.end();
}

/** Beside PostgreSQL's own files, which ignore it. */
export const LOCK_FILE = 'minsheng-map.pid';

export class EmbeddedDatabaseInUseError extends Error {}

/** Lock files this process holds: its own pid in a lock file is otherwise taken for a stale one. */
const lockedHere = new Set<string>();

/**
 * Takes the data directory for this process, or refuses with the process that
 * has it. A lock left by a process that no longer runs (killed, crashed) is
 * taken over. Resolves to the function that gives the directory back.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.resolve(dataDir, LOCK_FILE);
  if (lockedHere.has(file)) throw new EmbeddedDatabaseInUseError(`the embedded database in ${dataDir} is already open in this process`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      lockedHere.add(file);
      return async () => {
        lockedHere.delete(file);
        await unlink(file).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await lockHolder(file);
    if (holder !== undefined) {
      throw new EmbeddedDatabaseInUseError(
        `the embedded database in ${dataDir} is in use by process ${holder} (the server, or another npm run command): ` +
          `stop it first. If no such process runs, delete ${file}.`,
      );
    }
    // Left behind by a process that is gone. Of two processes taking it over at
    // once, one unlinks and both try to create it again: only one can.
    await unlink(file).catch(() => undefined);
  }
  throw new EmbeddedDatabaseInUseError(`the embedded database in ${dataDir} was just taken by another process`);
}

/** The live process named in a lock file, or undefined when the lock is stale. */
async function lockHolder(file: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
  // A container restarted after a kill often gives the new process the old one's pid.
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
