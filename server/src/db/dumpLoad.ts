import { createInterface, type Interface } from 'node:readline';
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { appTablesInLoadOrder, DUMP_SIGNATURE, parseCopyField } from './dump.js';
import { releaseConnection } from './transaction.js';

export interface LoadOptions {
  /** Replace a database that already holds data; without it such a database is refused. */
  replace: boolean;
}

export interface LoadSummary {
  tables: { table: string; rows: number }[];
  /** The highest migration the dump records. */
  migrationLevel: number;
}

export class NotADumpError extends Error {}

export class DatabaseNotEmptyError extends Error {
  constructor(readonly counts: { table: string; rows: number }[]) {
    super(
      `the database already holds data (${counts.map((c) => `${c.rows} ${c.table}`).join(', ')}): ` +
        'restoring would replace all of it. Add --force to do that.',
    );
  }
}

/** Tables the server fills by itself at every start: their rows are not anyone's data. */
const SERVER_FILLED = new Set(['public.schema_migrations', 'public.project_kinds', 'public.tally_settings']);

/** Rows cast from the dump's text in one statement: bounded, so a table of photos does not become one huge query. */
const BATCH_ROWS = 1000;
const BATCH_CHARS = 16 * 1024 * 1024;

/**
 * Loads a dump written by writeDump into the database, all of it or nothing:
 * one transaction, in which a database that holds data is first emptied of the
 * application's tables, functions and types (PostGIS stays).
 *
 * The dump's COPY blocks are inserted with `INSERT … SELECT … FROM unnest()`
 * of their text values cast to each column's type, rather than by the COPY
 * protocol, which neither PGlite's socket server nor `pg` alone speak.
 */
export async function loadDump(pool: pg.Pool, input: Readable, options: LoadOptions): Promise<LoadSummary> {
  const client = await pool.connect();
  // Created just before it is read: readline drops the lines it reads before iteration starts.
  let lines: Interface | undefined;
  let lineNumber = 0;
  let failed = false;
  try {
    await client.query('SET statement_timeout = 0');
    lines = createInterface({ input, crlfDelay: Infinity });
    const summary: LoadSummary = { tables: [], migrationLevel: 0 };
    let sql: string[] = [];
    let copy: CopyBlock | undefined;
    let begun = false;
    let committed = false;
    const runSql = async () => {
      const text = sql.join('\n').trim();
      sql = [];
      if (text) await client.query(text);
    };
    for await (const line of lines) {
      lineNumber++;
      if (lineNumber === 1) {
        if (line !== DUMP_SIGNATURE) throw new NotADumpError('this file is not a Minsheng Map dump (made by npm run backup)');
        continue;
      }
      if (copy) {
        if (line === '\\.') {
          await copy.flush();
          summary.tables.push({ table: copy.table, rows: copy.rows });
          copy = undefined;
        } else {
          await copy.add(line);
        }
        continue;
      }
      if (!begun && line === 'BEGIN;') {
        await runSql();
        await client.query('BEGIN');
        begun = true;
        await clearDatabase(client, options);
        continue;
      }
      const copyHeader = /^COPY (.+?) \((.*)\) FROM stdin;$/.exec(line);
      if (copyHeader) {
        await runSql();
        copy = await CopyBlock.start(client, copyHeader[1]!, copyHeader[2]!);
        continue;
      }
      const migration = /^-- migration (\d{4})_/.exec(line);
      if (migration) summary.migrationLevel = Number(migration[1]);
      if (begun && line === 'COMMIT;') committed = true;
      sql.push(line);
    }
    if (copy) throw new NotADumpError(`the dump ends inside the rows of ${copy.table}: it is cut short`);
    if (!committed) throw new NotADumpError('the dump ends before its COMMIT: it is cut short');
    await runSql();
    return summary;
  } catch (err) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    if (err instanceof NotADumpError || err instanceof DatabaseNotEmptyError) throw err;
    throw new Error(`loading the dump failed at line ${lineNumber}: ${(err as Error).message}`, { cause: err });
  } finally {
    lines?.close();
    input.destroy();
    releaseConnection(client, failed);
  }
}

/** Refuses a database that holds anyone's data unless told to replace it; then drops what the dump will create. */
async function clearDatabase(client: pg.PoolClient, options: LoadOptions): Promise<void> {
  const tables = await appTablesInLoadOrder(client);
  if (tables.length === 0) return;
  if (!options.replace) {
    const counts: { table: string; rows: number }[] = [];
    for (const t of tables.filter((t) => !SERVER_FILLED.has(t.name))) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.name}`);
      if (rows[0]!.n > 0) counts.push({ table: t.name.replace(/^public\./, ''), rows: rows[0]!.n });
    }
    if (counts.length > 0) throw new DatabaseNotEmptyError(counts);
  }
  const { rows } = await client.query<{ statement: string }>(appObjectsToDrop);
  for (const { statement } of rows) await client.query(statement);
}

/**
 * DROP statements for everything of the application in the public schema:
 * views, tables (their sequences, indexes and triggers go with them),
 * functions and types. Extension members (PostGIS) are left alone.
 */
const appObjectsToDrop = `
  WITH app_relations AS (
    SELECT c.relkind, format('%I.%I', n.nspname, c.relname) AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm', 'r', 'p', 'f', 'S')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  ), app_routines AS (
    SELECT p.oid::regprocedure::text AS name
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  ), app_types AS (
    SELECT format('%I.%I', n.nspname, t.typname) AS name
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public'
       AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
  )
  SELECT statement FROM (
    SELECT 1 AS step, format('DROP VIEW IF EXISTS %s CASCADE', name) AS statement FROM app_relations WHERE relkind = 'v'
    UNION ALL SELECT 2, format('DROP MATERIALIZED VIEW IF EXISTS %s CASCADE', name) FROM app_relations WHERE relkind = 'm'
    UNION ALL SELECT 3, format('DROP FOREIGN TABLE IF EXISTS %s CASCADE', name) FROM app_relations WHERE relkind = 'f'
    UNION ALL SELECT 4, format('DROP TABLE IF EXISTS %s CASCADE', name) FROM app_relations WHERE relkind IN ('r', 'p')
    UNION ALL SELECT 5, format('DROP SEQUENCE IF EXISTS %s CASCADE', name) FROM app_relations WHERE relkind = 'S'
    UNION ALL SELECT 6, format('DROP ROUTINE IF EXISTS %s CASCADE', name) FROM app_routines
    UNION ALL SELECT 7, format('DROP TYPE IF EXISTS %s CASCADE', name) FROM app_types
  ) s ORDER BY step, statement`;

/** One table's COPY block, inserted a batch at a time. */
class CopyBlock {
  rows = 0;
  private values: (string | null)[][];
  private chars = 0;

  private constructor(
    private readonly client: pg.PoolClient,
    readonly table: string,
    private readonly insert: string,
    private readonly width: number,
  ) {
    this.values = Array.from({ length: width }, () => []);
  }

  static async start(client: pg.PoolClient, table: string, columnList: string): Promise<CopyBlock> {
    const columns = columnList.match(/"(?:[^"]|"")*"|[^", ]+/g) ?? [];
    const { rows } = await client.query<{ column: string; type: string }>(
      `SELECT quote_ident(attname) AS column, format_type(atttypid, atttypmod) AS type
         FROM pg_attribute WHERE attrelid = $1::text::regclass AND attnum > 0 AND NOT attisdropped`,
      [table],
    );
    const types = new Map(rows.map((r) => [r.column, r.type]));
    const casts = columns.map((c, i) => {
      const type = types.get(c);
      if (!type) throw new Error(`the dump has a column ${c} that ${table} does not have`);
      return `u.c${i}::${type}`;
    });
    const insert =
      `INSERT INTO ${table} (${columns.join(', ')}) OVERRIDING SYSTEM VALUE ` +
      `SELECT ${casts.join(', ')} FROM unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})`;
    return new CopyBlock(client, table, insert, columns.length);
  }

  async add(line: string): Promise<void> {
    const fields = line.split('\t');
    if (fields.length !== this.width) throw new Error(`a row of ${this.table} has ${fields.length} values for ${this.width} columns`);
    fields.forEach((f, i) => this.values[i]!.push(parseCopyField(f)));
    this.chars += line.length;
    if (this.values[0]!.length >= BATCH_ROWS || this.chars >= BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    const count = this.values[0]!.length;
    if (count === 0) return;
    await this.client.query(this.insert, this.values);
    this.rows += count;
    this.values = Array.from({ length: this.width }, () => []);
    this.chars = 0;
  }
}
