import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { SCHEMA_FILE, schemaText } from '../db/schemaText.js';
import { ROOT_DIR } from '../config.js';

/**
 * `npm run schema` writes server/src/db/schema.sql: the schema after every
 * migration, read from a fresh embedded database in memory (no demo data, no
 * configuration, nothing on disk but the file).
 */
const db = await openDatabase({ databaseUrl: undefined, poolSize: 1, embeddedDbDir: undefined });
try {
  const client = await db.pool.connect();
  let text: string;
  try {
    const level = await migrate(client, { info: () => undefined });
    text = await schemaText(client);
    console.log(`schema at migration ${level}`);
  } finally {
    client.release();
  }
  const before = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
  await writeFile(SCHEMA_FILE, text);
  console.log(`${path.relative(ROOT_DIR, SCHEMA_FILE)}: ${before === text ? 'unchanged' : 'written'}`);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
