import type pg from 'pg';
import type { GeometryJson } from '../domain/geojson.js';
import { stepsFromReported } from '../domain/lifecycle.js';
import { STATUSES } from '../domain/status.js';
import type {
  CoordinateSystemName,
  ImportOptionsInput,
  ImportStateName,
  OutcomeCountsOutput,
  PreviewRowOutput,
  RowOutcome,
  RowProblemOutput,
  SheetOutlineOutput,
  UnplacedRowOutput,
  ValueListOutput,
} from '../domain/ledgerImport.js';
import type { DirectoryArea, DirectoryUnit, ValueChoices } from '../imports/ledgerReconcile.js';
import type { LedgerField } from '../domain/ledgerFields.js';
import type { ImportRecord } from '../imports/ledgerRow.js';
import type { Cell } from '../imports/readLedgerFile.js';

type Queryable = pg.Pool | pg.PoolClient;

// ---------------------------------------------------------------- ledgers

export interface LedgerRow {
  id: number;
  name: string;
  mapping: Record<string, LedgerField | null>;
  header_signature: string;
  crs: CoordinateSystemName;
  projects: number;
  updated_at: Date;
}

const LEDGER_COLUMNS = `l.id, l.name, l.mapping, l.header_signature, l.crs, l.updated_at,
  (SELECT count(*) FROM ledger_keys k WHERE k.ledger_id = l.id)::integer AS projects`;

export async function allLedgers(db: Queryable): Promise<LedgerRow[]> {
  const { rows } = await db.query<LedgerRow>(`SELECT ${LEDGER_COLUMNS} FROM ledgers l ORDER BY l.updated_at DESC`);
  return rows;
}

export async function ledgerByName(db: Queryable, name: string): Promise<LedgerRow | undefined> {
  const { rows } = await db.query<LedgerRow>(`SELECT ${LEDGER_COLUMNS} FROM ledgers l WHERE lower(l.name) = lower($1)`, [name.trim()]);
  return rows[0];
}

/** The most recently confirmed ledger with exactly these columns: a new ledger of the same template starts from its mapping. */
export async function ledgerWithSignature(db: Queryable, signature: string): Promise<LedgerRow | undefined> {
  const { rows } = await db.query<LedgerRow>(
    `SELECT ${LEDGER_COLUMNS} FROM ledgers l WHERE l.header_signature = $1 ORDER BY l.updated_at DESC LIMIT 1`,
    [signature],
  );
  return rows[0];
}

/** What the planner decided the ledger's values mean (migration 0025). */
export async function valueChoicesOf(db: Queryable, ledgerId: number): Promise<ValueChoices> {
  const { rows } = await db.query<{ value_choices: ValueChoices }>('SELECT value_choices FROM ledgers WHERE id = $1', [ledgerId]);
  return rows[0]?.value_choices ?? {};
}

/** Locks the ledger's choices until the transaction ends: two planners deciding at once do not lose each other's decisions. */
export async function lockValueChoices(client: pg.PoolClient, ledgerId: number): Promise<ValueChoices> {
  const { rows } = await client.query<{ value_choices: ValueChoices }>('SELECT value_choices FROM ledgers WHERE id = $1 FOR UPDATE', [ledgerId]);
  return rows[0]?.value_choices ?? {};
}

export async function saveValueChoices(client: pg.PoolClient, ledgerId: number, choices: ValueChoices): Promise<void> {
  await client.query('UPDATE ledgers SET value_choices = $2::jsonb, updated_at = now() WHERE id = $1', [ledgerId, JSON.stringify(choices)]);
}

/** Creates the ledger or records the mapping it was last confirmed with. */
export async function saveLedger(
  db: Queryable,
  ledger: { name: string; mapping: Record<string, LedgerField | null>; signature: string; crs: CoordinateSystemName; actor: string },
): Promise<number> {
  const existing = await ledgerByName(db, ledger.name);
  if (existing) {
    await db.query(`UPDATE ledgers SET mapping = $2::jsonb, header_signature = $3, crs = $4, updated_at = now() WHERE id = $1`, [
      existing.id,
      JSON.stringify(ledger.mapping),
      ledger.signature,
      ledger.crs,
    ]);
    return existing.id;
  }
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO ledgers (name, mapping, header_signature, crs, created_by) VALUES ($1, $2::jsonb, $3, $4, $5) RETURNING id`,
    [ledger.name.trim(), JSON.stringify(ledger.mapping), ledger.signature, ledger.crs, ledger.actor],
  );
  return rows[0]!.id;
}

export interface LedgerKey {
  row_key: string;
  project_id: number;
  imported_version: number;
}

export async function keysOfLedger(db: Queryable, ledgerId: number, keys: readonly string[]): Promise<Map<string, LedgerKey>> {
  const { rows } = await db.query<LedgerKey>(
    `SELECT row_key, project_id, imported_version FROM ledger_keys WHERE ledger_id = $1 AND row_key = ANY($2::text[])`,
    [ledgerId, keys],
  );
  return new Map(rows.map((r) => [r.row_key, r]));
}

// ---------------------------------------------------------------- imports

export interface ImportRow {
  id: number;
  file_name: string;
  byte_size: number;
  created_by: string;
  created_at: Date;
  outline: { sheets: SheetOutlineOutput[]; ledger: { name: string; known: boolean }; crs: CoordinateSystemName };
  ledger_id: number | null;
  options: ImportOptionsInput | null;
  state: ImportStateName;
  progress_done: number;
  progress_total: number;
  counts: OutcomeCountsOutput | null;
  error: { code: string; message: string; message_zh: string } | null;
  /** host:pid of the process running a step, while one runs. */
  runner: string | null;
  /** Seconds since that process last said it was still at work. */
  heartbeat_age: number | null;
  /** Rows of the preview that will be written with a warning. */
  warned: number | null;
}

const IMPORT_COLUMNS = `id, file_name, byte_size, created_by, created_at, outline, ledger_id, options, state,
  progress_done, progress_total, counts, error, runner, extract(epoch FROM now() - heartbeat_at)::float8 AS heartbeat_age,
  (value_review->>'warned')::integer AS warned`;

export async function insertImport(
  db: Queryable,
  /** `sheets`: as packSheets writes them. */
  i: { file_name: string; byte_size: number; created_by: string; outline: ImportRow['outline']; sheets: Buffer },
): Promise<ImportRow> {
  const { rows } = await db.query<ImportRow>(
    `INSERT INTO ledger_imports (file_name, byte_size, created_by, outline, sheets)
     VALUES ($1, $2, $3, $4::jsonb, $5::bytea) RETURNING ${IMPORT_COLUMNS}`,
    [i.file_name, i.byte_size, i.created_by, JSON.stringify(i.outline), i.sheets],
  );
  return rows[0]!;
}

export async function importById(db: Queryable, id: number): Promise<ImportRow | undefined> {
  const { rows } = await db.query<ImportRow>(`SELECT ${IMPORT_COLUMNS} FROM ledger_imports WHERE id = $1`, [id]);
  return rows[0];
}

/** The stored sheets of an import, as packSheets wrote them; undefined once committed. */
export async function packedSheetsOfImport(db: Queryable, id: number): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ sheets: Buffer | null }>('SELECT sheets FROM ledger_imports WHERE id = $1', [id]);
  return rows[0]?.sheets ?? undefined;
}

/**
 * Moves an import to `state` only from one of `from`: two clicks on "preview"
 * or "commit" cannot start the same work twice. False when it was not in `from`.
 */
export async function moveImport(
  db: Queryable,
  id: number,
  from: readonly ImportStateName[],
  to: ImportStateName,
  set: {
    options?: ImportOptionsInput;
    ledger_id?: number;
    progress_total?: number;
    counts?: OutcomeCountsOutput | null;
    error?: ImportRow['error'];
    /** The process that will run the step `to` names (analysing, committing). */
    runner?: string;
    /** Only if the import is still held by this runner: taking over one whose process stopped. */
    heldBy?: string | null;
  } = {},
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE ledger_imports
        SET state = $3,
            options = COALESCE($4::jsonb, options),
            ledger_id = COALESCE($5, ledger_id),
            progress_done = 0,
            progress_total = COALESCE($6, progress_total),
            counts = CASE WHEN $7::boolean THEN $8::jsonb ELSE counts END,
            error = $9::jsonb,
            runner = $10,
            heartbeat_at = CASE WHEN $10::text IS NULL THEN NULL ELSE now() END,
            committed_at = CASE WHEN $3 = 'committed' THEN now() ELSE committed_at END,
            -- A committed import's rows keep their own cells; the sheets are no longer needed.
            sheets = CASE WHEN $3 = 'committed' THEN NULL ELSE sheets END
      WHERE id = $1 AND state = ANY($2::text[])
        AND (NOT $11::boolean OR runner IS NOT DISTINCT FROM $12)`,
    [
      id,
      from,
      to,
      set.options ? JSON.stringify(set.options) : null,
      set.ledger_id ?? null,
      set.progress_total ?? null,
      'counts' in set,
      set.counts ? JSON.stringify(set.counts) : null,
      set.error ? JSON.stringify(set.error) : null,
      set.runner ?? null,
      'heldBy' in set,
      set.heldBy ?? null,
    ],
  );
  return rowCount === 1;
}

/** The runner is still at work on the import. */
export async function beatHeart(db: Queryable, id: number, runner: string): Promise<void> {
  await db.query('UPDATE ledger_imports SET heartbeat_at = now() WHERE id = $1 AND runner = $2', [id, runner]);
}

/** Imports never committed, and older than a week, with their rows: nobody is coming back for them. */
export async function deleteAbandonedImports(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM ledger_imports WHERE state <> 'committed' AND created_at < now() - interval '7 days'`);
}

// ---------------------------------------------------------------- the preview's rows

export interface PlannedRow {
  row_number: number;
  row_key: string | null;
  outcome: RowOutcome;
  cells: Cell[];
  record: ImportRecord | null;
  geometry: GeometryJson | null;
  project_id: number | null;
  base_version: number | null;
  changes: Record<string, [unknown, unknown]> | null;
  problems: RowProblemOutput[];
  warnings: RowProblemOutput[];
}

/** The values of the preview to reconcile, and how many rows carry a warning: written when the preview ends. */
export async function saveValueReview(db: Queryable, importId: number, review: ValueListOutput & { warned: number }): Promise<void> {
  await db.query('UPDATE ledger_imports SET value_review = $2::jsonb WHERE id = $1', [importId, JSON.stringify(review)]);
}

/** The listed values with the planner's decisions shown; the counts stay as the preview found them. */
export async function saveReviewedValues(db: Queryable, importId: number, values: ValueListOutput['values']): Promise<void> {
  await db.query(`UPDATE ledger_imports SET value_review = jsonb_set(value_review, '{values}', $2::jsonb) WHERE id = $1`, [importId, JSON.stringify(values)]);
}

/** Remembers a value a ledger writes for the unit as one of its short names (at most 50, each once, never its own name). */
export async function addUnitShortName(db: Queryable, unitId: number, shortName: string): Promise<void> {
  await db.query(
    `UPDATE units SET short_names = array_append(short_names, $2)
      WHERE id = $1 AND name <> $2 AND NOT ($2 = ANY (short_names)) AND cardinality(short_names) < 50`,
    [unitId, shortName],
  );
}

export async function removeUnitShortName(db: Queryable, unitId: number, shortName: string): Promise<void> {
  await db.query('UPDATE units SET short_names = array_remove(short_names, $2) WHERE id = $1', [unitId, shortName]);
}

export async function areaOfLevel(db: Queryable, id: number, level: 'district' | 'street'): Promise<{ id: number; name: string } | undefined> {
  const { rows } = await db.query<{ id: number; name: string }>('SELECT id, name FROM areas WHERE id = $1 AND level = $2', [id, level]);
  return rows[0];
}

export async function valueReviewOf(db: Queryable, importId: number): Promise<ValueListOutput | undefined> {
  const { rows } = await db.query<{ value_review: ValueListOutput | null }>('SELECT value_review FROM ledger_imports WHERE id = $1', [importId]);
  const review = rows[0]?.value_review;
  return review ? { values: review.values, total: review.total } : undefined;
}

/** Rows that will be written (or wait to be placed) with something said about them. */
export async function warnedRowCount(db: Queryable, importId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM ledger_import_rows
      WHERE import_id = $1 AND outcome <> 'rejected' AND jsonb_array_length(warnings) > 0`,
    [importId],
  );
  return rows[0]!.n;
}

export async function clearPlannedRows(db: Queryable, importId: number): Promise<void> {
  await db.query('DELETE FROM ledger_import_rows WHERE import_id = $1', [importId]);
}

/** One batch of the preview in one statement, so other users' queries run between batches. */
export async function insertPlannedRows(db: Queryable, importId: number, rows: readonly PlannedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ledger_import_rows (import_id, row_number, row_key, outcome, cells, record, geometry, project_id,
                                     base_version, changes, problems, warnings)
     SELECT $1, r.row_number, r.row_key, r.outcome, r.cells, r.record, r.geometry, r.project_id,
            r.base_version, r.changes, r.problems, r.warnings
       FROM jsonb_to_recordset($2::jsonb) AS r(row_number integer, row_key text, outcome text, cells jsonb, record jsonb,
                                               geometry jsonb, project_id bigint, base_version integer, changes jsonb,
                                               problems jsonb, warnings jsonb)`,
    [importId, JSON.stringify(rows)],
  );
}

export async function outcomeCounts(db: Queryable, importId: number): Promise<OutcomeCountsOutput> {
  const { rows } = await db.query<{ outcome: RowOutcome; n: number }>(
    `SELECT outcome, count(*)::integer AS n FROM ledger_import_rows WHERE import_id = $1 GROUP BY outcome`,
    [importId],
  );
  const counts: OutcomeCountsOutput = { create: 0, update: 0, unchanged: 0, conflict: 0, rejected: 0, unplaced: 0 };
  for (const r of rows) counts[r.outcome] = r.n;
  return counts;
}

export async function previewRows(
  db: Queryable,
  importId: number,
  page: { outcome?: RowOutcome; warned?: boolean; offset: number; limit: number },
): Promise<{ total: number; rows: PreviewRowOutput[] }> {
  const { rows } = await db.query<PreviewRowOutput & { total: number }>(
    `SELECT row_number, row_key, outcome, record->>'title' AS title, record->>'kind' AS kind, record->>'address' AS address,
            COALESCE(placed_project_id, project_id) AS project_id, changes, problems, warnings,
            count(*) OVER ()::integer AS total
       FROM ledger_import_rows
      WHERE import_id = $1 AND ($2::text IS NULL OR outcome = $2)
        AND (NOT $5::boolean OR (outcome <> 'rejected' AND jsonb_array_length(warnings) > 0))
      ORDER BY row_number
      OFFSET $3 LIMIT $4`,
    [importId, page.outcome ?? null, page.offset, page.limit, page.warned ?? false],
  );
  const total = rows[0]?.total ?? (await outcomeTotal(db, importId, page.outcome, page.warned ?? false));
  return { total, rows: rows.map(({ total: _total, ...row }) => row) };
}

async function outcomeTotal(db: Queryable, importId: number, outcome: RowOutcome | undefined, warned: boolean): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM ledger_import_rows WHERE import_id = $1 AND ($2::text IS NULL OR outcome = $2)
        AND (NOT $3::boolean OR (outcome <> 'rejected' AND jsonb_array_length(warnings) > 0))`,
    [importId, outcome ?? null, warned],
  );
  return rows[0]!.n;
}

export async function rejectedRows(db: Queryable, importId: number): Promise<{ row_number: number; cells: Cell[]; problems: RowProblemOutput[] }[]> {
  const { rows } = await db.query<{ row_number: number; cells: Cell[]; problems: RowProblemOutput[] }>(
    `SELECT row_number, cells, problems FROM ledger_import_rows WHERE import_id = $1 AND outcome = 'rejected' ORDER BY row_number`,
    [importId],
  );
  return rows;
}

// ---------------------------------------------------------------- what only the database can tell

/** GEOS's verdict on each geometry, and the geometry as it will be stored. */
export async function geometryVerdicts(db: Queryable, geometries: readonly { i: number; geometry: GeometryJson }[]) {
  if (geometries.length === 0) return new Map<number, { valid: boolean; reason: string }>();
  const { rows } = await db.query<{ i: number; valid: boolean; reason: string }>(
    `SELECT g.i, ST_IsValid(geom) AS valid, ST_IsValidReason(geom) AS reason
       FROM jsonb_to_recordset($1::jsonb) AS g(i integer, geometry jsonb),
            LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(g.geometry::text), 4326) AS geom) s`,
    [JSON.stringify(geometries)],
  );
  return new Map(rows.map((r) => [r.i, r]));
}

/** For each point, the compound (residential estate) boundary it falls in, if any: a 老旧小区 project covers the compound. */
export async function compoundsAtPoints(db: Queryable, points: readonly { i: number; lon: number; lat: number }[]) {
  if (points.length === 0) return new Map<number, { name: string; geometry: GeometryJson }>();
  const { rows } = await db.query<{ i: number; name: string; geometry: GeometryJson }>(
    `SELECT pt.i, c.name, ST_AsGeoJSON(c.geom, 7)::json AS geometry
       FROM jsonb_to_recordset($1::jsonb) AS pt(i integer, lon double precision, lat double precision)
       CROSS JOIN LATERAL (
         SELECT name, geom FROM compounds
          WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(pt.lon, pt.lat), 4326))
            AND ST_GeometryType(geom) <> 'ST_Point'
          ORDER BY ST_Area(geom) LIMIT 1
       ) c`,
    [JSON.stringify(points)],
  );
  return new Map(rows.map((r) => [r.i, r]));
}

/** The units, districts and streets a preview resolves a ledger's values against. */
export async function reconcileDirectory(db: Queryable): Promise<{ units: DirectoryUnit[]; districts: DirectoryArea[]; streets: DirectoryArea[] }> {
  const units = await db.query<DirectoryUnit>('SELECT id, name, district_id, short_names FROM units ORDER BY id');
  const areas = await db.query<DirectoryArea & { level: string }>(`SELECT id, name, parent_id, level FROM areas WHERE level IN ('district', 'street') ORDER BY id`);
  return {
    units: units.rows,
    districts: areas.rows.filter((a) => a.level === 'district').map(({ level: _level, ...a }) => a),
    streets: areas.rows.filter((a) => a.level === 'street').map(({ level: _level, ...a }) => a),
  };
}

/** For each geometry, the district it lies in (at a point on its surface), if any. */
export async function districtsAt(db: Queryable, geometries: readonly { i: number; geometry: GeometryJson }[]): Promise<Map<number, number>> {
  if (geometries.length === 0) return new Map();
  const { rows } = await db.query<{ i: number; district_id: number }>(
    `SELECT g.i, d.id AS district_id
       FROM jsonb_to_recordset($1::jsonb) AS g(i integer, geometry jsonb)
       CROSS JOIN LATERAL (
         SELECT a.id FROM areas a
          WHERE a.level = 'district'
            AND ST_Intersects(a.geom, ST_Centroid(ST_Envelope(ST_SetSRID(ST_GeomFromGeoJSON(g.geometry::text), 4326))))
          ORDER BY a.id LIMIT 1
       ) d`,
    [JSON.stringify(geometries)],
  );
  return new Map(rows.map((r) => [r.i, r.district_id]));
}

// ---------------------------------------------------------------- committing

/** The columns of ImportRecord, as jsonb_to_record reads them from a staged row. */
const RECORD_TYPE = `rec(kind text, title text, description text, address text, status text, unit_id integer, deadline date,
  reported_on date, completed_on date, verified_on date, households_benefited integer, attributes jsonb,
  reporter_name text, reporter_phone text, internal_note text, completion_note text)`;

/**
 * Holds the projects the import will update until the transaction ends, and
 * turns into conflicts the rows whose project moved on since the preview.
 * Returns how many rows became conflicts.
 */
export async function lockAndRecheckUpdates(client: pg.PoolClient, importId: number): Promise<number> {
  await client.query(
    `SELECT p.id FROM projects p JOIN ledger_import_rows r ON r.project_id = p.id
      WHERE r.import_id = $1 AND r.outcome = 'update' FOR UPDATE OF p`,
    [importId],
  );
  const { rowCount } = await client.query(
    `UPDATE ledger_import_rows r
        SET outcome = 'conflict',
            problems = jsonb_build_array(jsonb_build_object('column', NULL, 'header', NULL,
              'reason', 'the project was changed in the app after the preview; it was not overwritten',
              'reason_zh', '预览之后该项目已在系统中被修改,未覆盖'))
       FROM projects p
      WHERE r.import_id = $1 AND r.outcome = 'update' AND p.id = r.project_id
        AND (p.version <> r.base_version OR p.deleted_at IS NOT NULL)`,
    [importId],
  );
  return rowCount ?? 0;
}

/** New projects take ids from the projects' own sequence, so their history and ledger keys can be written in the same statements. */
export interface RowRange {
  from: number;
  to: number;
}

export async function insertCreatedProjects(client: pg.PoolClient, importId: number, actor: string, note: string, rows: RowRange): Promise<number> {
  await client.query(
    `UPDATE ledger_import_rows SET project_id = nextval(pg_get_serial_sequence('projects', 'id'))
      WHERE import_id = $1 AND outcome = 'create' AND row_number BETWEEN $2 AND $3`,
    [importId, rows.from, rows.to],
  );
  const { rowCount } = await client.query(
    `INSERT INTO projects (id, kind, title, description, address, status, unit_id, deadline, reported_on, completed_on,
                          verified_on, households_benefited, attributes, reporter_name, reporter_phone, internal_note,
                          completion_note, geom, area_id)
     OVERRIDING SYSTEM VALUE
     SELECT r.project_id, rec.kind, rec.title, rec.description, rec.address, rec.status, rec.unit_id, rec.deadline,
            rec.reported_on, rec.completed_on, rec.verified_on, rec.households_benefited, COALESCE(rec.attributes, '{}'::jsonb),
            rec.reporter_name, rec.reporter_phone, rec.internal_note, rec.completion_note,
            g.geom, area_containing(g.geom)
       FROM ledger_import_rows r,
            jsonb_to_record(r.record) AS ${RECORD_TYPE},
            -- The areas of the whole batch in this one statement (see migration 0007).
            LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4326) AS geom) g
      WHERE r.import_id = $1 AND r.outcome = 'create' AND r.row_number BETWEEN $2 AND $3`,
    [importId, rows.from, rows.to],
  );
  await client.query(
    `INSERT INTO project_history (project_id, version, action, actor, from_status, to_status, changes, note)
     SELECT r.project_id, 1, h.action, $2, h.from_status, h.to_status, '{}'::jsonb, h.note
       FROM ledger_import_rows r
       CROSS JOIN LATERAL (
         SELECT 0 AS step, 'create' AS action, NULL::text AS from_status, 'reported' AS to_status, replace($3, '{row}', r.row_number::text) AS note
         UNION ALL
         SELECT s.step, 'transition', CASE WHEN s.step = 1 THEN 'reported' ELSE $6::jsonb->(r.record->>'status')->>(s.step::integer - 2) END, s.status,
                replace($7, '{row}', r.row_number::text)
           FROM jsonb_array_elements_text($6::jsonb->(r.record->>'status')) WITH ORDINALITY AS s(status, step)
       ) h
      WHERE r.import_id = $1 AND r.outcome = 'create' AND r.row_number BETWEEN $4 AND $5
      ORDER BY r.project_id, h.step`,
    [importId, actor, note, rows.from, rows.to, JSON.stringify(LEDGER_STEPS), stepNote(note)],
  );
  return rowCount ?? 0;
}

/** Each status as steps of the loop from reported: a ledger row 已完成 records assigned, in progress, completed. */
const LEDGER_STEPS = Object.fromEntries(STATUSES.map((s) => [s, stepsFromReported(s)]));

/** The note of a step the ledger took: the import's note, marked as a step. */
export const stepNote = (note: string) => note.replace(/^导入台账/, '台账记载的办理进展:导入台账').replace(' · imported from', ' · a step recorded in the ledger, imported from');

export async function applyUpdates(client: pg.PoolClient, importId: number, actor: string, note: string, rows: RowRange): Promise<number> {
  const { rowCount } = await client.query(
    `UPDATE projects p
        SET kind = rec.kind, title = rec.title, description = rec.description, address = rec.address,
            status = rec.status, unit_id = rec.unit_id, deadline = rec.deadline, reported_on = rec.reported_on,
            completed_on = rec.completed_on, verified_on = rec.verified_on,
            households_benefited = rec.households_benefited, attributes = COALESCE(rec.attributes, '{}'::jsonb),
            reporter_name = rec.reporter_name, reporter_phone = rec.reporter_phone, internal_note = rec.internal_note,
            completion_note = rec.completion_note,
            geom = COALESCE(ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4326), p.geom),
            version = p.version + 1, updated_at = now()
       FROM ledger_import_rows r, jsonb_to_record(r.record) AS ${RECORD_TYPE}
      WHERE r.import_id = $1 AND r.outcome = 'update' AND p.id = r.project_id AND r.row_number BETWEEN $2 AND $3`,
    [importId, rows.from, rows.to],
  );
  await client.query(
    `INSERT INTO project_history (project_id, version, action, actor, from_status, to_status, changes, note)
     SELECT project_id, base_version + 1, 'update', $2, COALESCE(changes->'status'->>0, record->>'status'),
            record->>'status', changes, replace($3, '{row}', row_number::text)
       FROM ledger_import_rows WHERE import_id = $1 AND outcome = 'update' AND row_number BETWEEN $4 AND $5`,
    [importId, actor, note, rows.from, rows.to],
  );
  return rowCount ?? 0;
}

/** Records which project each key now stands for, at the version the import left it. */
export async function recordLedgerKeys(client: pg.PoolClient, importId: number, ledgerId: number): Promise<void> {
  await client.query(
    `INSERT INTO ledger_keys (ledger_id, row_key, project_id, imported_version)
     SELECT $2, row_key, project_id, CASE outcome WHEN 'create' THEN 1 WHEN 'update' THEN base_version + 1 ELSE base_version END
       FROM ledger_import_rows
      WHERE import_id = $1 AND row_key IS NOT NULL AND outcome IN ('create', 'update', 'unchanged')
     ON CONFLICT (ledger_id, row_key) DO UPDATE
       SET project_id = EXCLUDED.project_id, imported_version = EXCLUDED.imported_version, imported_at = now()`,
    [importId, ledgerId],
  );
}

// ---------------------------------------------------------------- unplaced rows

/**
 * Rows kept for a planner to place on the map: committed, not yet placed, and
 * not superseded — by a later import of the same ledger with the same key, or
 * by the key having become a project meanwhile.
 */
export async function unplacedRows(db: Queryable): Promise<UnplacedRowOutput[]> {
  const { rows } = await db.query<UnplacedRowOutput>(
    `SELECT r.import_id, r.row_number, l.name AS ledger_name, r.row_key, r.record->>'title' AS title,
            r.record->>'kind' AS kind, r.record->>'address' AS address, i.committed_at AS imported_at,
            CASE WHEN r.geometry->>'type' = 'Point' THEN r.geometry->'coordinates' END AS point
       FROM ledger_import_rows r
       JOIN ledger_imports i ON i.id = r.import_id
       JOIN ledgers l ON l.id = i.ledger_id
      WHERE i.state = 'committed' AND r.outcome = 'unplaced' AND r.placed_project_id IS NULL
        AND NOT (r.row_key IS NOT NULL AND EXISTS (
              SELECT 1 FROM ledger_keys k WHERE k.ledger_id = i.ledger_id AND k.row_key = r.row_key))
        AND NOT EXISTS (
              SELECT 1 FROM ledger_import_rows r2 JOIN ledger_imports i2 ON i2.id = r2.import_id
               WHERE i2.ledger_id = i.ledger_id AND i2.state = 'committed' AND i2.id > i.id AND r2.row_key = r.row_key)
      ORDER BY i.committed_at DESC, r.row_number
      LIMIT 1000`,
  );
  return rows;
}

export async function unplacedRow(
  db: Queryable,
  importId: number,
  rowNumber: number,
  options: { lock?: boolean } = {},
): Promise<{ ledger_id: number; ledger_name: string; row_key: string | null; record: ImportRecord; placed_project_id: number | null } | undefined> {
  const { rows } = await db.query(
    `SELECT i.ledger_id, l.name AS ledger_name, r.row_key, r.record, r.placed_project_id
       FROM ledger_import_rows r
       JOIN ledger_imports i ON i.id = r.import_id
       JOIN ledgers l ON l.id = i.ledger_id
      WHERE r.import_id = $1 AND r.row_number = $2 AND r.outcome = 'unplaced' AND i.state = 'committed'
      ${options.lock ? 'FOR UPDATE OF r' : ''}`,
    [importId, rowNumber],
  );
  return rows[0];
}

export async function markPlaced(client: pg.PoolClient, importId: number, rowNumber: number, projectId: number, ledgerId: number, rowKey: string | null) {
  await client.query('UPDATE ledger_import_rows SET placed_project_id = $3 WHERE import_id = $1 AND row_number = $2', [importId, rowNumber, projectId]);
  if (rowKey !== null) {
    await client.query(
      `INSERT INTO ledger_keys (ledger_id, row_key, project_id, imported_version) VALUES ($1, $2, $3, 1)
       ON CONFLICT (ledger_id, row_key) DO UPDATE SET project_id = EXCLUDED.project_id, imported_version = 1, imported_at = now()`,
      [ledgerId, rowKey, projectId],
    );
  }
}
