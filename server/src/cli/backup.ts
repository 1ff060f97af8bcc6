import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import { parseArgs } from 'node:util';
import { loadConfig, ROOT_DIR } from '../config.js';
import { openDatabase } from '../db/database.js';
import { writeDump } from '../db/dump.js';
import { todayIn } from '../domain/dates.js';
import { createLogger } from '../logger.js';

const USAGE = `Minsheng Map backup: the whole database as one SQL file.

  npm run backup                        into data/backups/minsheng-<date>.sql
  npm run backup -- <file>              into that file (.sql, or .sql.gz to compress it)
  npm run backup -- <file> --force      overwrite it if it exists

The embedded database (data/db, or EMBEDDED_DB_DIR) belongs to one process at a
time: stop the server first. With DATABASE_URL the backup reads the server's
database from one snapshot while the server keeps running.

The file loads into an empty PostgreSQL database with PostGIS
(psql -v ON_ERROR_STOP=1 -f <file> <database>), or with npm run restore.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
});
if (values.help || positionals.length > 1) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

const config = loadConfig();
const log = createLogger(config);
const target = positionals[0] ? path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]) : defaultBackupFile(todayIn(config.timeZone));

/** data/backups/minsheng-<date>.sql, numbered when a backup of that day is there already. */
function defaultBackupFile(today: string): string {
  const dir = path.join(ROOT_DIR, 'data', 'backups');
  for (let n = 1; ; n++) {
    const file = path.join(dir, `minsheng-${today}${n === 1 ? '' : `-${n}`}.sql`);
    if (!existsSync(file)) return file;
  }
}

async function backup(): Promise<void> {
  if (existsSync(target) && !values.force) throw new Error(`${target} exists: choose another file, or add --force to overwrite it`);
  if (!config.databaseUrl && !existsSync(path.join(config.embeddedDbDir, 'PG_VERSION'))) {
    throw new Error(`there is no embedded database in ${config.embeddedDbDir} to back up`);
  }
  const started = Date.now();
  log.info(config.databaseUrl ? 'backing up the PostgreSQL database of DATABASE_URL' : `backing up the embedded database in ${config.embeddedDbDir}`);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 1, embeddedDbDir: config.embeddedDbDir });
  // Written beside the target and renamed when complete: a failed backup never looks like a good one.
  const partial = `${target}.partial`;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    const sql = new PassThrough();
    const file = createWriteStream(partial);
    const written = target.endsWith('.gz') ? pipeline(sql, createGzip(), file) : pipeline(sql, file);
    const dumped = writeDump(db.pool, sql, log).finally(() => sql.end());
    const [summary] = await Promise.all([dumped, written]);
    await rename(partial, target);
    const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
    const { size } = await stat(target);
    log.info(
      `backup written in ${Date.now() - started} ms: ${target} (${(size / 1024 / 1024).toFixed(1)} MB; ` +
        `${summary.tables.length} tables, ${rows} rows, migration ${summary.migrationLevel})`,
    );
  } catch (err) {
    await unlink(partial).catch(() => undefined);
    throw err;
  } finally {
    await db.close();
  }
}

backup().catch((err: unknown) => {
  log.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
