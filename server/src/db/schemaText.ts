import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const SCHEMA_FILE = fileURLToPath(new URL('./schema.sql', import.meta.url));

/**
 * The schema as it stands, as one readable SQL text: server/src/db/schema.sql
 * (`npm run schema` writes it; tests/db/schema.test.ts fails when it is stale).
 *
 * Written from the catalog with PostgreSQL's own deparsers (pg_get_functiondef,
 * pg_get_constraintdef, pg_get_indexdef, pg_get_triggerdef), not with pg_dump,
 * so it needs no binary beside the embedded database. It depends on the schema
 * only: no rows, no sequence values, no OIDs, no dates; objects sorted by name
 * (in the C collation, whatever the database's). PostGIS's own objects, the
 * members of an extension, are left out.
 *
 * It is for reading, not loading: tables come in name order, not in the order
 * their foreign keys and functions need. The migrations build the database.
 */
export async function schemaText(client: pg.ClientBase): Promise<string> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // The deparsers qualify a name that is not on the search path: the same
    // path everywhere keeps the text the same.
    await client.query('SET LOCAL search_path = public');
    const text = await describe(client);
    await client.query('COMMIT');
    return text;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** A catalog row of `catalog` (pg_class, pg_proc, pg_type) that no extension owns. */
const notFromExtension = (catalog: string, oid: string) => `NOT EXISTS (
  SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

const ownRelations = (kinds: string) => `
  SELECT c.oid, c.relname, format('%I.%I', n.nspname, c.relname) AS name,
         obj_description(c.oid, 'pg_class') AS comment
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN (${kinds}) AND ${notFromExtension('pg_class', 'c.oid')}
   ORDER BY c.relname COLLATE "C"`;

const columnsOf = `
  SELECT a.attrelid AS relid, quote_ident(a.attname) AS name,
         format_type(a.atttypid, a.atttypmod) AS type,
         CASE WHEN a.attcollation <> t.typcollation THEN format('%I', co.collname) END AS collation,
         a.attnotnull AS not_null, a.attidentity AS identity, a.attgenerated AS generated,
         pg_get_expr(ad.adbin, ad.adrelid) AS expression,
         col_description(a.attrelid, a.attnum) AS comment
    FROM pg_attribute a
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_collation co ON co.oid = a.attcollation
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
   WHERE a.attrelid = ANY ($1) AND a.attnum > 0 AND NOT a.attisdropped
   ORDER BY a.attrelid, a.attnum`;

// PostgreSQL 18 records NOT NULL as constraints too (contype 'n'); the columns
// say it already, and PostgreSQL 15 has no such rows.
const constraintsOf = `
  SELECT k.conrelid AS relid, format('%I', k.conname) AS name, pg_get_constraintdef(k.oid, true) AS definition
    FROM pg_constraint k
   WHERE k.conrelid = ANY ($1) AND k.contype <> 'n'
   ORDER BY k.conrelid, position(k.contype IN 'pufcxt'), k.conname COLLATE "C"`;

// The indexes that a primary key, unique or exclusion constraint does not already state.
const indexesOf = `
  SELECT i.indrelid AS relid, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
   WHERE i.indrelid = ANY ($1)
     AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
   ORDER BY i.indrelid, ic.relname COLLATE "C"`;

// Foreign keys' triggers are internal: the constraint states them.
const triggersOf = `
  SELECT t.tgrelid AS relid, pg_get_triggerdef(t.oid, true) AS definition
    FROM pg_trigger t
   WHERE t.tgrelid = ANY ($1) AND NOT t.tgisinternal
   ORDER BY t.tgrelid, t.tgname COLLATE "C"`;

const functions = `
  SELECT p.prokind AS kind, format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS signature,
         CASE WHEN p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) END AS definition,
         obj_description(p.oid, 'pg_proc') AS comment
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'public' AND ${notFromExtension('pg_proc', 'p.oid')}
   ORDER BY p.proname COLLATE "C", pg_get_function_identity_arguments(p.oid) COLLATE "C"`;

// Types of their own: enums, domains, ranges and composite types made with
// CREATE TYPE (a table's row type belongs to its table).
const types = `
  SELECT t.typtype AS kind, format('%I.%I', n.nspname, t.typname) AS name, t.typrelid AS relid,
         (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) AS labels,
         format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull AS not_null, t.typdefault AS default_value,
         obj_description(t.oid, 'pg_type') AS comment
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname = 'public' AND t.typtype IN ('c', 'd', 'e', 'r') AND t.typelem = 0
     AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
     AND ${notFromExtension('pg_type', 't.oid')}
   ORDER BY t.typname COLLATE "C"`;

const domainChecks = `
  SELECT format('%I.%I', n.nspname, t.typname) AS domain, format('%I', k.conname) AS name, pg_get_constraintdef(k.oid, true) AS definition
    FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname = 'public' AND k.contype = 'c'
   ORDER BY k.conname COLLATE "C"`;

// Sequences of their own: an identity column's sequence goes with its column.
const sequences = `
  SELECT format('%I.%I', n.nspname, c.relname) AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind = 'S' AND ${notFromExtension('pg_class', 'c.oid')}
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')
   ORDER BY c.relname COLLATE "C"`;

interface Relation {
  oid: number;
  relname: string;
  name: string;
  comment: string | null;
}

interface Column {
  relid: number;
  name: string;
  type: string;
  collation: string | null;
  not_null: boolean;
  identity: '' | 'a' | 'd';
  generated: '' | 's' | 'v';
  expression: string | null;
  comment: string | null;
}

interface Definition {
  relid: number;
  name?: string;
  definition: string;
}

async function describe(client: pg.ClientBase): Promise<string> {
  const sections = [
    await header(client),
    await extensionsSection(client),
    await typesSection(client),
    await sequencesSection(client),
    await tablesSection(client),
    await viewsSection(client),
    await functionsSection(client),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

async function header(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ name: string | null }>('SELECT name FROM schema_migrations ORDER BY version DESC LIMIT 1');
  return [
    `-- Minsheng Map (民生地图): the database schema as it stands after migration ${rows[0]?.name ?? '(none)'}.`,
    '--',
    '-- Generated by `npm run schema` from a freshly migrated embedded database: do not edit.',
    '-- Change the schema with a new migration in server/src/db/migrations/, then run `npm run schema`;',
    '-- tests/db/schema.test.ts fails while this file is stale.',
    '--',
    '-- For reading, not for loading: objects come in name order, not in the order they depend on',
    "-- each other. PostGIS's own tables, types and functions are left out.",
  ].join('\n');
}

async function extensionsSection(client: pg.ClientBase): Promise<string> {
  // plpgsql is built in; the extensions' versions differ between the two databases and say nothing of ours.
  const { rows } = await client.query<{ name: string }>(
    "SELECT format('%I', extname) AS name FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname COLLATE \"C\"",
  );
  return section('Extensions', rows.map((r) => `CREATE EXTENSION ${r.name};`));
}

async function typesSection(client: pg.ClientBase): Promise<string> {
  const rows = (
    await client.query<{
      kind: string;
      name: string;
      relid: number;
      labels: string | null;
      base: string;
      not_null: boolean;
      default_value: string | null;
      comment: string | null;
    }>(types)
  ).rows;
  const checks = (await client.query<{ domain: string; name: string; definition: string }>(domainChecks)).rows;
  const columns = await byRelation<Column>(client, columnsOf, rows.map((r) => r.relid));
  const statements = rows.map((t) => {
    const comment = commentOn('TYPE', t.name, t.comment);
    switch (t.kind) {
      case 'e':
        return `CREATE TYPE ${t.name} AS ENUM (${t.labels ?? ''});${comment}`;
      case 'c':
        return `CREATE TYPE ${t.name} AS (\n${aligned((columns.get(t.relid) ?? []).map((c) => [c.name, c.type]), ',')}\n);${comment}`;
      case 'd': {
        const parts = [`CREATE DOMAIN ${t.name} AS ${t.base}`];
        if (t.default_value !== null) parts.push(`DEFAULT ${t.default_value}`);
        if (t.not_null) parts.push('NOT NULL');
        for (const k of checks.filter((k) => k.domain === t.name)) parts.push(`CONSTRAINT ${k.name} ${k.definition}`);
        return `${parts.join('\n  ')};${comment.replace('COMMENT ON TYPE', 'COMMENT ON DOMAIN')}`;
      }
      default:
        throw new Error(`schema.sql does not describe range types yet (${t.name}): add them to server/src/db/schemaText.ts`);
    }
  });
  return section('Types', statements);
}

async function sequencesSection(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ name: string }>(sequences);
  return section('Sequences', rows.map((r) => `CREATE SEQUENCE ${r.name};`));
}

async function tablesSection(client: pg.ClientBase): Promise<string> {
  const tables = (await client.query<Relation>(ownRelations("'r', 'p'"))).rows;
  const oids = tables.map((t) => t.oid);
  const columns = await byRelation<Column>(client, columnsOf, oids);
  const constraints = await byRelation<Definition>(client, constraintsOf, oids);
  const indexes = await byRelation<Definition>(client, indexesOf, oids);
  const triggers = await byRelation<Definition>(client, triggersOf, oids);
  return section(
    'Tables, each with its indexes and triggers',
    tables.map((t) => {
      const own = columns.get(t.oid) ?? [];
      const body = [
        aligned(own.map((c) => [c.name, columnSpec(c)]), ','),
        ...(constraints.get(t.oid) ?? []).map((k) => `  CONSTRAINT ${k.name} ${k.definition}`),
      ].filter((line) => line !== '');
      const lines = [`CREATE TABLE ${t.name} (\n${body.join(',\n')}\n);`];
      if (t.comment !== null) lines.push(commentOn('TABLE', t.name, t.comment).trim());
      for (const c of own) if (c.comment !== null) lines.push(commentOn('COLUMN', `${t.name}.${c.name}`, c.comment).trim());
      for (const i of indexes.get(t.oid) ?? []) lines.push(`${i.definition};`);
      for (const g of triggers.get(t.oid) ?? []) lines.push(`${g.definition};`);
      return lines.join('\n');
    }),
  );
}

async function viewsSection(client: pg.ClientBase): Promise<string> {
  const views = (await client.query<Relation & { kind: string; definition: string }>(
    `SELECT r.*, c.relkind AS kind, pg_get_viewdef(r.oid, true) AS definition
       FROM (${ownRelations("'v', 'm'")}) r JOIN pg_class c ON c.oid = r.oid
      ORDER BY r.relname COLLATE "C"`,
  )).rows;
  const indexes = await byRelation<Definition>(client, indexesOf, views.map((v) => v.oid));
  return section(
    'Views',
    views.map((v) => {
      const what = v.kind === 'm' ? 'MATERIALIZED VIEW' : 'VIEW';
      const lines = [`CREATE ${what} ${v.name} AS\n${v.definition.trimEnd().replace(/;$/, '')};`];
      if (v.comment !== null) lines.push(commentOn(what, v.name, v.comment).trim());
      for (const i of indexes.get(v.oid) ?? []) lines.push(`${i.definition};`);
      return lines.join('\n');
    }),
  );
}

async function functionsSection(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ kind: string; signature: string; definition: string | null; comment: string | null }>(functions);
  return section(
    'Functions',
    rows.map((f) => {
      if (f.definition === null) {
        throw new Error(`schema.sql does not describe aggregates or window functions yet (${f.signature}): add them to server/src/db/schemaText.ts`);
      }
      const what = f.kind === 'p' ? 'PROCEDURE' : 'FUNCTION';
      return `${f.definition.trimEnd()};${commentOn(what, f.signature, f.comment)}`;
    }),
  );
}

function columnSpec(c: Column): string {
  const parts = [c.type];
  if (c.collation !== null) parts.push(`COLLATE ${c.collation}`);
  if (c.not_null) parts.push('NOT NULL');
  if (c.identity !== '') parts.push(`GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  else if (c.generated !== '') parts.push(`GENERATED ALWAYS AS (${c.expression ?? ''}) ${c.generated === 's' ? 'STORED' : 'VIRTUAL'}`);
  else if (c.expression !== null) parts.push(`DEFAULT ${c.expression}`);
  return parts.join(' ');
}

/** Rows of a query taking an array of relation OIDs as $1, grouped by their relid. */
async function byRelation<T extends { relid: number }>(client: pg.ClientBase, sql: string, oids: number[]): Promise<Map<number, T[]>> {
  const grouped = new Map<number, T[]>();
  if (oids.length === 0) return grouped;
  for (const row of (await client.query<T>(sql, [oids])).rows) {
    const list = grouped.get(row.relid) ?? [];
    list.push(row);
    grouped.set(row.relid, list);
  }
  return grouped;
}

/** Two-column lines, the second column aligned: `  name  type,`. */
function aligned(pairs: string[][], separator: string): string {
  const width = Math.max(0, ...pairs.map(([name]) => name!.length));
  return pairs.map(([name, rest]) => `  ${name!.padEnd(width)} ${rest}`).join(`${separator}\n`);
}

function commentOn(what: string, name: string, comment: string | null): string {
  return comment === null ? '' : `\nCOMMENT ON ${what} ${name} IS ${sqlLiteral(comment)};`;
}

function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function section(title: string, statements: string[]): string {
  if (statements.length === 0) return '';
  const rule = `-- ${'-'.repeat(title.length + 2)}`;
  return [`${rule}\n-- ${title}\n${rule}`, ...statements].join('\n\n');
}
