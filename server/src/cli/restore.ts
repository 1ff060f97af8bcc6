import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { loadDump } from '../db/dumpLoad.js';
import { readMigrations } from '../db/migrate.js';
import { createLogger } from '../logger.js';

const USAGE = `Minsheng Map restore: load a backup (made by npm run backup) into the configured database.

  npm run restore -- <file>             into an empty database
  npm run restore -- <file> --force     replacing a database that holds data

The database is the embedded one (data/db, or EMBEDDED_DB_DIR; created if it
does not exist yet; stop the server first), or the PostgreSQL database of
DATABASE_URL. The restore is one transaction: if it fails, the database is as
it was.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
});
if (values.help || positionals.length !== 1) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

const config = loadConfig();
const log = createLogger(config);
const source = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!);

async function restore(): Promise<void> {
  if (!existsSync(source)) throw new Error(`${source} does not exist`);
  const started = Date.now();
  log.info(config.databaseUrl ? `restoring ${source} into the PostgreSQL database of DATABASE_URL` : `restoring ${source} into the embedded database in ${config.embeddedDbDir}`);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 1, embeddedDbDir: config.embeddedDbDir });
  try {
    const file: Readable = createReadStream(source);
    const input = source.endsWith('.gz') ? file.pipe(createGunzip()) : file;
    const summary = await loadDump(db.pool, input, { replace: values.force });
    const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
    log.info(`restored in ${Date.now() - started} ms: ${summary.tables.length} tables, ${rows} rows, migration ${summary.migrationLevel}`);
    const known = Math.max(0, ...(await readMigrations()).map((m) => m.version));
    if (summary.migrationLevel > known) {
      log.warn(`the backup is at migration ${summary.migrationLevel}, newer than this version of Minsheng Map knows (${known}): run it with the version that made the backup`);
    }
  } finally {
    await db.close();
  }
}

restore().catch((err: unknown) => {
  log.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
