import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../server/src/db/database.js';
import { writeDump } from '../../server/src/db/dump.js';
import { DatabaseNotEmptyError, loadDump, NotADumpError } from '../../server/src/db/dumpLoad.js';
import { startEmbeddedPostgis } from '../../server/src/db/embedded.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs } from '../helpers/auth.js';
import { databaseDigest, type DatabaseDigest } from '../helpers/databaseDigest.js';
import { projectAt } from '../helpers/loop.js';
import { createScratchDatabase, runCli } from '../helpers/serverProcess.js';

/**
 * `npm run backup` / `npm run restore`: a dump of the run's shared database
 * (the demo data and what the test files wrote, plus a photo and history of
 * this file's own) is restored into a fresh embedded database, backed up again
 * from there, and — with TEST_DATABASE_URL — restored into PostgreSQL both by
 * `npm run restore` and by psql. Every copy must hold the same rows.
 */
const kind = inject('databaseKind');
const serverUrl = kind === 'postgis' ? inject('databaseUrl') : undefined;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let dir: string;
let dumpFile: string;
let source: DatabaseDigest;
const timings: string[] = [];

/** Runs `work`, noting how long it took. */
async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  timings.push(`${what} ${Date.now() - started} ms`);
  return result;
}

/** The dump without its header comments, which say when and from what it was taken. */
const body = (dump: string) => dump.split('\n').filter((line, i) => i > 4 || !line.startsWith('--')).join('\n');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'minsheng-backup-'));
  dumpFile = path.join(dir, 'source.sql');
  // A history of every kind and a photo, so that bytea, jsonb and the loop's tables are in the dump.
  const app = await startTestApp();
  try {
    const planner = await loginAs(app, 'planner');
    const unit = await loginAs(app, 'unit');
    await projectAt(planner, 'verified', unit.unitId!, '备份测试 已验收');
    const working = await projectAt(planner, 'in_progress', unit.unitId!, '备份测试 施工中');
    const photo = await unit.inject({
      method: 'POST',
      url: `/api/projects/${working.id}/photos?stage=before&caption=${encodeURIComponent('备份\t测试\n照片')}`,
      payload: PNG,
      headers: { 'content-type': 'image/png' },
    });
    expect(photo.statusCode, photo.body).toBe(201);
    const edited = await planner.inject({
      method: 'PATCH',
      url: `/api/projects/${working.id}`,
      payload: { version: working.version, properties: { description: 'a \\ backslash, a "quote", a tab\there and\r\na new line' } },
    });
    expect(edited.statusCode, edited.body).toBe(200);
  } finally {
    await app.close();
  }
  source = await databaseDigest(inject('databaseUrl'));
  const db = connectDatabase(inject('databaseUrl'), kind, 1);
  try {
    await timed(`dump of the ${kind} test database`, async () => {
      const out = createWriteStream(dumpFile);
      await writeDump(db.pool, out, { warn: () => undefined });
      await new Promise((resolve) => out.end(resolve));
    });
  } finally {
    await db.close();
  }
});

afterAll(async () => {
  console.log(`backup and restore (${kind} source): ${timings.join('; ')}`);
  if (!process.env.KEEP) await rm(dir, { recursive: true, force: true });
});

describe(`npm run backup and npm run restore (source: the ${kind} test database)`, () => {
  it('restores into a fresh embedded database the same rows, which back up to the same dump that PostgreSQL loads', async () => {
    const embeddedDir = path.join(dir, 'embedded');
    const restored = await timed('restore into a fresh embedded database', () => runCli('restore', [dumpFile], { EMBEDDED_DB_DIR: embeddedDir }));
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toMatch(/restored in \d+ ms: \d+ tables, \d+ rows, migration \d+/);

    const backupFile = path.join(dir, 'again.sql');
    const backedUp = await timed('backup of the embedded database', () => runCli('backup', [backupFile], { EMBEDDED_DB_DIR: embeddedDir }));
    expect(backedUp.code, backedUp.output).toBe(0);
    expect(body(await readFile(backupFile, 'utf8'))).toBe(body(await readFile(dumpFile, 'utf8')));
    const again = await runCli('backup', [backupFile], { EMBEDDED_DB_DIR: embeddedDir });
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/exists: choose another file, or add --force/);

    const embedded = await startEmbeddedPostgis(embeddedDir);
    try {
      expect(await databaseDigest(embedded.url)).toEqual(source);
      // The embedded database belongs to one process: here, this one.
      const refused = await runCli('backup', [path.join(dir, 'refused.sql')], { EMBEDDED_DB_DIR: embeddedDir });
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(new RegExp(`in use by process ${process.pid}`));

      const db = connectDatabase(embedded.url, 'embedded', 1);
      try {
        await expect(loadDump(db.pool, createReadStream(dumpFile), { replace: false })).rejects.toThrow(DatabaseNotEmptyError);
        await expect(loadDump(db.pool, Readable.from(['CREATE TABLE x (y int);\n']), { replace: true })).rejects.toThrow(NotADumpError);
        // A dump cut short changes nothing, though it was told to replace.
        const whole = await readFile(dumpFile, 'utf8');
        const cut = whole.slice(0, whole.lastIndexOf('\n', whole.length * 0.8) + 1);
        await expect(loadDump(db.pool, Readable.from([cut]), { replace: true })).rejects.toThrow(/cut short/);
        expect(await databaseDigest(embedded.url)).toEqual(source);
        await timed('replacing the embedded database (--force)', () => loadDump(db.pool, createReadStream(dumpFile), { replace: true }));
      } finally {
        await db.close();
      }
      expect(await databaseDigest(embedded.url)).toEqual(source);
    } finally {
      await embedded.stop();
    }
    if (serverUrl) await restoresIntoPostgresql(backupFile);
  }, 300_000);
});

/** The embedded database's dump into PostgreSQL, by npm run restore (refusing, then replacing) and by psql. */
async function restoresIntoPostgresql(embeddedDump: string): Promise<void> {
  const restoreTarget = await createScratchDatabase(serverUrl!, `minsheng_restore_${process.pid}`);
  const psqlTarget = await createScratchDatabase(serverUrl!, `minsheng_psql_${process.pid}`);
  try {
    const env = { DATABASE_URL: restoreTarget.url };
    const restored = await timed('restore into PostgreSQL', () => runCli('restore', [embeddedDump], env));
    expect(restored.code, restored.output).toBe(0);
    expect(await databaseDigest(restoreTarget.url)).toEqual(source);

    const refused = await runCli('restore', [embeddedDump], env);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/already holds data \((?:.*, )?\d+ areas, .*\d+ projects.*\): restoring would replace all of it\. Add --force/);
    const replaced = await runCli('restore', [embeddedDump, '--force'], env);
    expect(replaced.code, replaced.output).toBe(0);
    expect(await databaseDigest(restoreTarget.url)).toEqual(source);

    await timed('psql -f into PostgreSQL', () =>
      promisify(execFile)('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', embeddedDump, psqlTarget.url], { maxBuffer: 16 * 1024 * 1024 }),
    );
    expect(await databaseDigest(psqlTarget.url)).toEqual(source);
  } finally {
    await restoreTarget.drop();
    await psqlTarget.drop();
  }
}
