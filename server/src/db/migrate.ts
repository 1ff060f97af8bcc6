import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type pg from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationLog {
  info(msg: string): void;
}

/** The migration files in order: the schema, one step each. */
export async function readMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

/**
 * Applies every migration not yet recorded in schema_migrations, in order, each
 * in its own transaction with its record, so a failing one leaves the database
 * as it was. Returns the resulting migration level.
 */
export async function migrate(client: pg.PoolClient, log: MigrationLog): Promise<number> {
  // Two servers starting on one database must not both apply a migration.
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    return await applyPending(client, log);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

/** The record of the migrations applied: created before the first of them. */
export const SCHEMA_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** An arbitrary constant naming this application's migration lock. */
const MIGRATION_LOCK = 4_304_070;

async function applyPending(client: pg.PoolClient, log: MigrationLog): Promise<number> {
  await client.query(SCHEMA_MIGRATIONS_TABLE);
  const applied = new Map<number, string>(
    (await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations')).rows.map(
      (r) => [r.version, r.checksum],
    ),
  );
  const migrations = await readMigrations();
  for (const m of migrations) {
    const recorded = applied.get(m.version);
    if (recorded !== undefined) {
      if (recorded !== m.checksum) {
        log.info(`migration ${m.name} was edited after it was applied; edits to applied migrations are not re-run`);
      }
      continue;
    }
    await client.query('BEGIN');
    try {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      await client.query('COMMIT');
      log.info(`applied migration ${m.name}`);
    } catch (err) {
      await client.query('ROLLBACK');
      throw new Error(`migration ${m.name} failed and was rolled back: ${(err as Error).message}`, { cause: err });
    }
  }
  return migrations.length === 0 ? 0 : Math.max(...migrations.map((m) => m.version));
}

export async function migrationLevel(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ level: number | null }>('SELECT max(version) AS level FROM schema_migrations');
  return rows[0]?.level ?? 0;
}
