import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { readMigrations, SCHEMA_MIGRATIONS_TABLE } from './migrate.js';
import { releaseConnection } from './transaction.js';

/**
 * A dump is a plain SQL script that psql loads into an empty PostgreSQL with
 * PostGIS (`psql -v ON_ERROR_STOP=1 -f dump.sql`) and that `npm run restore`
 * loads into either database. It holds, in one transaction: PostGIS, the
 * migrations the database was built with (the schema), every table's rows as
 * `COPY … FROM stdin` in foreign-key order, and the identity sequences.
 *
 * Values are written as PostgreSQL prints them (geometries as hex EWKB,
 * timestamps in UTC, bytea in hex), which both PostgreSQL 15 / PostGIS 3.3 and
 * PGlite's PostgreSQL 18 / PostGIS 3.6 read back exactly.
 */
export const DUMP_SIGNATURE = '-- Minsheng Map (民生地图) database dump, format 1';

export interface DumpLog {
  warn(msg: string): void;
}

export interface DumpSummary {
  /** Rows per table, in the order they were written. */
  tables: { table: string; rows: number }[];
  migrationLevel: number;
}

export interface AppTable {
  /** Quoted and schema-qualified, as SQL names it: public.projects. */
  name: string;
  /** Quoted column names, in table order; generated columns are left out. */
  columns: string[];
  /** The primary key's quoted columns; empty when the table has none. */
  primaryKey: string[];
  hasBytea: boolean;
}

/** The application's tables: everything in the public schema that no extension (PostGIS's spatial_ref_sys) owns. */
const appTables = `
  SELECT format('%I.%I', n.nspname, c.relname) AS name,
         (SELECT array_agg(quote_ident(a.attname) ORDER BY a.attnum)
            FROM pg_attribute a
           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns,
         coalesce((SELECT array_agg(quote_ident(a.attname) ORDER BY k.ord)
                     FROM pg_index i
                     CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                    WHERE i.indrelid = c.oid AND i.indisprimary), '{}') AS primary_key,
         EXISTS (SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'bytea'::regtype) AS has_bytea
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
   ORDER BY c.relname`;

/** Which application table refers to which (self-references left out). */
const foreignKeys = `
  SELECT format('%I.%I', cn.nspname, c.relname) AS child, format('%I.%I', pn.nspname, p.relname) AS parent
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
    JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
   WHERE k.contype = 'f' AND k.conrelid <> k.confrelid AND cn.nspname = 'public'`;

/** The sequences behind the identity columns (and any other of the application's). */
const appSequences = `
  SELECT format('%I.%I', n.nspname, c.relname) AS name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind = 'S'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
   ORDER BY c.relname`;

/** The application's tables in an order that loads: every table after the tables it refers to. */
export async function appTablesInLoadOrder(client: pg.ClientBase): Promise<AppTable[]> {
  const tables = (await client.query<{ name: string; columns: string[]; primary_key: string[]; has_bytea: boolean }>(appTables)).rows.map(
    (r) => ({ name: r.name, columns: r.columns, primaryKey: r.primary_key, hasBytea: r.has_bytea }),
  );
  const edges = (await client.query<{ child: string; parent: string }>(foreignKeys)).rows;
  const ordered: AppTable[] = [];
  const placed = new Set<string>();
  let remaining = tables;
  while (remaining.length > 0) {
    const ready = remaining.filter((t) => edges.every((e) => e.child !== t.name || placed.has(e.parent) || !remaining.some((r) => r.name === e.parent)));
    if (ready.length === 0) {
      throw new Error(`the foreign keys between ${remaining.map((t) => t.name).join(', ')} form a cycle: no load order exists`);
    }
    for (const t of ready) placed.add(t.name);
    ordered.push(...ready);
    remaining = remaining.filter((t) => !placed.has(t.name));
  }
  return ordered;
}

/**
 * Writes the whole database to `out` as a dump, from one snapshot: a server
 * that keeps writing meanwhile does not make it inconsistent.
 */
export async function writeDump(pool: pg.Pool, out: Writable, log: DumpLog): Promise<DumpSummary> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // What values look like in the dump: the same whatever the server's settings.
    await client.query(`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres';
                        SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'; SET LOCAL statement_timeout = 0`);
    const write = (text: string) => writeText(out, text);
    const source = await describeSource(client);
    const migrations = await migrationsOf(client, log);
    const tables = await appTablesInLoadOrder(client);

    await write(
      [
        DUMP_SIGNATURE,
        `-- Taken ${new Date().toISOString()} from ${source}, at migration ${migrations.level}.`,
        '-- Load into an empty PostgreSQL database with PostGIS: psql -v ON_ERROR_STOP=1 -f <this file> <database>',
        '-- or with `npm run restore -- <this file>` into the configured database.',
        '',
        "SET client_encoding = 'UTF8';",
        'SET standard_conforming_strings = on;',
        'SET client_min_messages = warning;',
        '',
        'BEGIN;',
        'CREATE EXTENSION IF NOT EXISTS postgis;',
        `${SCHEMA_MIGRATIONS_TABLE};`,
        '',
      ].join('\n'),
    );
    for (const m of migrations.files) await write(`-- migration ${m.name}\n${m.sql.trimEnd()}\n\n`);
    // The rows below are the whole content: whatever a migration inserted is replaced.
    await write(`TRUNCATE TABLE ${tables.map((t) => t.name).join(', ')};\n\n`);

    const summary: DumpSummary = { tables: [], migrationLevel: migrations.level };
    for (const table of tables) {
      // Triggers would derive again what the rows already say (the area of a
      // project, as of today's boundaries): the dump restores them as they were.
      await write(`ALTER TABLE ${table.name} DISABLE TRIGGER USER;\nCOPY ${table.name} (${table.columns.join(', ')}) FROM stdin;\n`);
      const rows = await copyRows(client, table, write);
      await write(`\\.\nALTER TABLE ${table.name} ENABLE TRIGGER USER;\n\n`);
      summary.tables.push({ table: table.name, rows });
    }
    const setvals: string[] = [];
    for (const { name } of (await client.query<{ name: string }>(appSequences)).rows) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${name}`);
      setvals.push(`  PERFORM pg_catalog.setval(${sqlLiteral(name)}, ${rows[0]!.last_value}, ${rows[0]!.is_called});\n`);
    }
    // In a DO block: psql prints nothing for it, where a SELECT prints each value.
    if (setvals.length > 0) await write(`DO $$BEGIN\n${setvals.join('')}END$$;\n`);
    await write('\nCOMMIT;\nANALYZE;\n');
    await client.query('COMMIT');
    return summary;
  } catch (err) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    releaseConnection(client, failed);
  }
}

async function describeSource(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ server: string; postgis: string }>(
    "SELECT current_setting('server_version') AS server, postgis_lib_version() AS postgis",
  );
  return `PostgreSQL ${rows[0]!.server.split(' ')[0]} with PostGIS ${rows[0]!.postgis}`;
}

/** The migration files the database was built with, as this code has them. */
async function migrationsOf(client: pg.ClientBase, log: DumpLog): Promise<{ level: number; files: { name: string; sql: string }[] }> {
  const exists = await client.query<{ found: boolean }>("SELECT to_regclass('public.schema_migrations') IS NOT NULL AS found");
  if (!exists.rows[0]!.found) throw new Error('this is not a Minsheng Map database: it has no schema_migrations table');
  const applied = (await client.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')).rows;
  const known = new Map((await readMigrations()).map((m) => [m.version, m]));
  const files = applied.map((a) => {
    const m = known.get(a.version);
    if (!m) throw new Error(`the database has migration ${a.name}, which this version of Minsheng Map does not know: back it up with the version that applied it`);
    if (m.checksum !== a.checksum) log.warn(`migration ${m.name} was edited after it was applied: the dump holds it as it is now`);
    return m;
  });
  return { level: applied.length === 0 ? 0 : applied[applied.length - 1]!.version, files };
}

/** The rows of one table as COPY text lines, in primary-key order, a batch at a time. */
async function copyRows(client: pg.ClientBase, table: AppTable, write: (text: string) => Promise<void>): Promise<number> {
  const orderBy = table.primaryKey.length > 0 ? table.primaryKey.join(', ') : table.columns.map((_, i) => String(i + 1)).join(', ');
  await client.query(`DECLARE dump_rows NO SCROLL CURSOR FOR SELECT ${table.columns.map((c) => `${c}::text`).join(', ')} FROM ${table.name} ORDER BY ${orderBy}`);
  // A photo is up to 5 MiB: a few at a time keeps memory bounded.
  const batch = table.hasBytea ? 8 : 1000;
  let count = 0;
  for (;;) {
    const { rows } = await client.query<(string | null)[]>({ text: `FETCH FORWARD ${batch} FROM dump_rows`, rowMode: 'array' });
    if (rows.length === 0) break;
    await write(rows.map((r) => `${r.map(copyField).join('\t')}\n`).join(''));
    count += rows.length;
  }
  await client.query('CLOSE dump_rows');
  return count;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A value in COPY's text format: \N for NULL, and backslash, newline, carriage return and tab escaped. */
export function copyField(value: string | null): string {
  return value === null ? '\\N' : value.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!);
}

/** The value of one COPY text field as copyField wrote it (null for \N). */
export function parseCopyField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/gs, (_, c: string) => COPY_UNESCAPES[c] ?? c);
}

const COPY_UNESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

export function sqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

async function writeText(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
