import type pg from 'pg';
import type { AreaLevel } from '../domain/area.js';
import type { AreaImportCountsOutput, AreaImportNote, AreaImportOptionsInput, AreaImportStateName, AreaRowOutcome } from '../domain/areaImport.js';
import type { StoredLayer } from '../imports/areas/storedLayers.js';

type Queryable = pg.Pool | pg.PoolClient;

export interface AreaImportRecord {
  id: number;
  file_name: string;
  byte_size: number;
  created_by: string;
  created_at: Date;
  outline: { layers: StoredLayer[] };
  options: AreaImportOptionsInput | null;
  state: AreaImportStateName;
  counts: AreaImportCountsOutput | null;
  findings: { gaps: GapFinding[] } | null;
  error: { code: string; message: string; message_zh: string } | null;
  committed_at: Date | null;
  runner: string | null;
  heartbeat_age: number | null;
}

export interface GapFinding {
  parent_id: number | null;
  parent_name: string;
  gap_m2: number;
  share: number;
  pieces: number;
  geometry: unknown;
}

const IMPORT_COLUMNS = `id, file_name, byte_size, created_by, created_at, outline, options, state, counts, findings, error, committed_at, runner,
  extract(epoch FROM now() - heartbeat_at)::float8 AS heartbeat_age`;

export async function insertAreaImport(
  db: Queryable,
  i: { file_name: string; byte_size: number; created_by: string; outline: AreaImportRecord['outline']; features: Buffer },
): Promise<AreaImportRecord> {
  const { rows } = await db.query<AreaImportRecord>(
    `INSERT INTO area_imports (file_name, byte_size, created_by, outline, features)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${IMPORT_COLUMNS}`,
    [i.file_name, i.byte_size, i.created_by, JSON.stringify(i.outline), i.features],
  );
  return rows[0]!;
}

export async function areaImportById(db: Queryable, id: number): Promise<AreaImportRecord | undefined> {
  const { rows } = await db.query<AreaImportRecord>(`SELECT ${IMPORT_COLUMNS} FROM area_imports WHERE id = $1`, [id]);
  return rows[0];
}

export async function featuresOfAreaImport(db: Queryable, id: number): Promise<Buffer | null> {
  const { rows } = await db.query<{ features: Buffer | null }>('SELECT features FROM area_imports WHERE id = $1', [id]);
  return rows[0]?.features ?? null;
}

/**
 * Moves an import from one of `from` to `to`, or answers false when another
 * request moved it first. `runner` marks the process running the step.
 */
export async function moveAreaImport(
  db: Queryable,
  id: number,
  from: readonly AreaImportStateName[],
  to: AreaImportStateName,
  set: {
    options?: AreaImportOptionsInput;
    counts?: AreaImportCountsOutput | null;
    findings?: AreaImportRecord['findings'];
    error?: AreaImportRecord['error'];
    runner?: string;
    heldBy?: string | null;
  } = {},
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE area_imports
        SET state = $3,
            options = COALESCE($4::jsonb, options),
            counts = CASE WHEN $5::boolean THEN $6::jsonb ELSE counts END,
            findings = CASE WHEN $5::boolean THEN $7::jsonb ELSE findings END,
            error = $8::jsonb,
            runner = $9,
            heartbeat_at = CASE WHEN $9::text IS NULL THEN NULL ELSE now() END,
            committed_at = CASE WHEN $3 = 'committed' THEN now() ELSE committed_at END,
            -- Once written, the areas are the record; the file's features are no longer needed.
            features = CASE WHEN $3 = 'committed' THEN NULL ELSE features END
      WHERE id = $1 AND state = ANY($2::text[])
        AND (NOT $10::boolean OR runner IS NOT DISTINCT FROM $11)`,
    [
      id,
      from,
      to,
      set.options ? JSON.stringify(set.options) : null,
      'counts' in set,
      set.counts ? JSON.stringify(set.counts) : null,
      set.findings ? JSON.stringify(set.findings) : null,
      set.error ? JSON.stringify(set.error) : null,
      set.runner ?? null,
      'heldBy' in set,
      set.heldBy ?? null,
    ],
  );
  return rowCount === 1;
}

export async function beatAreaImportHeart(db: Queryable, id: number, runner: string): Promise<void> {
  await db.query('UPDATE area_imports SET heartbeat_at = now() WHERE id = $1 AND runner = $2', [id, runner]);
}

/** Imports never committed and older than a week, with their rows: nobody is coming back for them. */
export async function deleteAbandonedAreaImports(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM area_imports WHERE state <> 'committed' AND created_at < now() - interval '7 days'`);
}

// ---------------------------------------------------------------- the preview's rows

export async function clearAreaImportRows(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM area_import_rows WHERE import_id = $1', [id]);
}

export interface ReadAreaRow {
  row_number: number;
  name: string | null;
  name_en: string | null;
  code: string | null;
  parent_ref: string | null;
  problems: AreaImportNote[];
  warnings: AreaImportNote[];
  /** GeoJSON in WGS-84, or null for a row rejected before its boundary was looked at. */
  geometry: string | null;
}

/** A batch of rows as read from the file; the boundary is parsed by PostGIS, valid or not. */
export async function insertAreaImportRows(db: Queryable, id: number, rows: ReadAreaRow[]): Promise<void> {
  await db.query(
    `INSERT INTO area_import_rows (import_id, row_number, name, name_en, code, parent_ref, outcome, problems, warnings, raw)
     SELECT $1, r.row_number, r.name, r.name_en, r.code, r.parent_ref,
            CASE WHEN jsonb_array_length(r.problems) > 0 THEN 'rejected' ELSE 'create' END,
            r.problems, r.warnings,
            CASE WHEN r.geometry IS NULL THEN NULL ELSE ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326)) END
       FROM jsonb_to_recordset($2::jsonb) AS r(row_number integer, name text, name_en text, code text, parent_ref text,
                                               problems jsonb, warnings jsonb, geometry text)`,
    [id, JSON.stringify(rows)],
  );
}

const note = (code: string, en: string, zh: string) => `jsonb_build_array(jsonb_build_object('code', '${code}', 'message', ${en}, 'message_zh', ${zh}))`;
const reject = (code: string, en: string, zh: string) =>
  `outcome = 'rejected', problems = problems || ${note(code, en, zh)}`;

/**
 * Every boundary made valid: a self-intersecting ring is repaired (GEOS's
 * MakeValid) and said so; only polygons are kept (a repair may leave lines);
 * a boundary with nothing left, or a mere speck, is rejected.
 */
export async function repairAreaBoundaries(db: Queryable, id: number): Promise<void> {
  await db.query(
    `UPDATE area_import_rows
        SET geom = ST_Multi(ST_CollectionExtract(CASE WHEN ST_IsValid(raw) THEN raw ELSE ST_MakeValid(raw) END, 3)),
            warnings = CASE WHEN ST_IsValid(raw) THEN warnings
                            ELSE warnings || ${note('repaired', `'the boundary was invalid (' || ST_IsValidReason(raw) || ') and has been repaired'`, `'边界无效(' || ST_IsValidReason(raw) || '),已自动修复'`)} END
      WHERE import_id = $1 AND outcome <> 'rejected'`,
    [id],
  );
  await db.query(
    `UPDATE area_import_rows
        SET ${reject('empty', `'nothing of the boundary is a polygon: is it a line or a point?'`, `'边界不含任何面:是否为线或点?'`)}, geom = NULL
      WHERE import_id = $1 AND outcome <> 'rejected' AND (geom IS NULL OR ST_IsEmpty(geom) OR ST_Area(geom::geography) < 100)`,
    [id],
  );
  // A repair that splits a ring leaves pieces: say how many, so a bow-tie is looked at.
  await db.query(
    `UPDATE area_import_rows
        SET warnings = warnings || ${note('parts', `'the boundary has ' || ST_NumGeometries(geom) || ' separate parts; the smallest is ' || round(small.m2) || ' m²'`, `'边界由 ' || ST_NumGeometries(geom) || ' 个互不相连的部分组成,最小的一块 ' || round(small.m2) || ' 平方米'`)}
       FROM (SELECT r.row_number, min(ST_Area(d.geom::geography)) AS m2
               FROM area_import_rows r, ST_Dump(r.geom) d
              WHERE r.import_id = $1 AND r.outcome <> 'rejected' AND ST_NumGeometries(r.geom) > 1
              GROUP BY r.row_number) small
      WHERE import_id = $1 AND area_import_rows.row_number = small.row_number`,
    [id],
  );
}

/** A code twice in the file: the later rows are rejected, naming the first. */
export async function rejectRepeatedCodes(db: Queryable, id: number): Promise<void> {
  await db.query(
    `UPDATE area_import_rows r
        SET ${reject('repeated_code', `'the code ' || r.code || ' is also in row ' || first.row_number`, `'代码 ' || r.code || ' 与第 ' || first.row_number || ' 行重复'`)}
       FROM (SELECT code, min(row_number) AS row_number FROM area_import_rows
              WHERE import_id = $1 AND code IS NOT NULL AND outcome <> 'rejected' GROUP BY code) first
      WHERE r.import_id = $1 AND r.code = first.code AND r.row_number > first.row_number AND r.outcome <> 'rejected'`,
    [id],
  );
}

/** An existing area with the row's code: updated if it is of the same level, else the row is refused. */
export async function matchAreasByCode(db: Queryable, id: number, level: AreaLevel): Promise<void> {
  await db.query(
    `UPDATE area_import_rows r
        SET area_id = CASE WHEN a.level = $2 THEN a.id END,
            outcome = CASE WHEN a.level = $2 THEN 'update' ELSE 'rejected' END,
            problems = CASE WHEN a.level = $2 THEN problems
                            ELSE problems || ${note('code_of_other_level', `'the code ' || r.code || ' is already ' || a.name || ', a ' || a.level`, `'代码 ' || r.code || ' 已属于' || a.name || '(' || CASE a.level WHEN 'district' THEN '区县' WHEN 'street' THEN '街道/乡镇' ELSE '社区/村' END || ')'`)} END
       FROM areas a
      WHERE r.import_id = $1 AND r.outcome <> 'rejected' AND a.code = r.code`,
    [id, level],
  );
}

/**
 * The parent each row names, by code or name among the areas of the level
 * above; of several of one name, the one holding the row. A name that matches
 * nothing is said, and the location decides (next step).
 */
export async function parentsByColumn(db: Queryable, id: number, parentLevel: AreaLevel): Promise<void> {
  await db.query(
    `UPDATE area_import_rows r
        SET parent_id = (
              SELECT p.id FROM areas p
               WHERE p.level = $2 AND (p.code = r.parent_ref OR p.name = r.parent_ref)
               ORDER BY p.code = r.parent_ref DESC, ST_Intersects(p.geom, ST_PointOnSurface(r.geom)) DESC, p.id
               LIMIT 1)
      WHERE r.import_id = $1 AND r.outcome <> 'rejected' AND r.parent_ref IS NOT NULL`,
    [id, parentLevel],
  );
  await db.query(
    `UPDATE area_import_rows r
        SET warnings = warnings || ${note('parent_not_found', `'no ' || $2 || ' is called ' || r.parent_ref || ': the parent is found by location'`, `'未找到名为“' || r.parent_ref || '”的上级区域,已按位置确定上级'`)}
      WHERE r.import_id = $1 AND r.outcome <> 'rejected' AND r.parent_ref IS NOT NULL AND r.parent_id IS NULL`,
    [id, parentLevel],
  );
}

/** Rows without a parent yet: the area of the level above holding the row's inside point, else the one it overlaps most. */
export async function parentsByLocation(db: Queryable, id: number, parentLevel: AreaLevel): Promise<void> {
  await db.query(
    `UPDATE area_import_rows r
        SET parent_id = COALESCE(
              (SELECT p.id FROM areas p WHERE p.level = $2 AND ST_Intersects(p.geom, ST_PointOnSurface(r.geom)) ORDER BY p.id LIMIT 1),
              (SELECT p.id FROM areas p WHERE p.level = $2 AND p.geom && r.geom AND ST_Intersects(p.geom, r.geom)
                ORDER BY ST_Area(ST_Intersection(p.geom, r.geom)) DESC LIMIT 1))
      WHERE r.import_id = $1 AND r.outcome <> 'rejected' AND r.parent_id IS NULL`,
    [id, parentLevel],
  );
  const parentWords = parentLevel === 'district' ? '区县' : '街道/乡镇';
  await db.query(
    `UPDATE area_import_rows
        SET ${reject('no_parent', `'it lies in no ' || $2 || ': import the ' || $2 || ' boundaries first, or check the coordinate system'`, `'不在任何${parentWords}范围内:请先导入${parentWords}边界,或检查坐标系'`)}
      WHERE import_id = $1 AND outcome <> 'rejected' AND parent_id IS NULL`,
    [id, parentLevel],
  );
  // Named in one parent, lying in another: kept as named, and said.
  await db.query(
    `UPDATE area_import_rows r
        SET warnings = warnings || ${note('parent_elsewhere', `'named as part of ' || p.name || ' but lies in ' || q.name`, `'所属区域填写为' || p.name || ',但位于' || q.name || '范围内'`)}
       FROM areas p, areas q
      WHERE r.import_id = $1 AND r.outcome <> 'rejected' AND r.parent_ref IS NOT NULL
        AND p.id = r.parent_id AND q.level = $2 AND q.id <> p.id
        AND NOT ST_Intersects(p.geom, ST_PointOnSurface(r.geom)) AND ST_Intersects(q.geom, ST_PointOnSurface(r.geom))`,
    [id, parentLevel],
  );
  // More than 1% of the row outside its parent: a boundary drawn past its parent's.
  await db.query(
    `UPDATE area_import_rows r
        SET warnings = warnings || ${note('outside_parent', `round((100 * s.outside / s.whole)::numeric, 1) || '% of it lies outside ' || s.parent_name`, `'有 ' || round((100 * s.outside / s.whole)::numeric, 1) || '% 超出' || s.parent_name || '的范围'`)}
       FROM (SELECT r2.row_number, p.name AS parent_name,
                    ST_Area(ST_Difference(r2.geom, p.geom)::geography) AS outside, ST_Area(r2.geom::geography) AS whole
               FROM area_import_rows r2 JOIN areas p ON p.id = r2.parent_id
              WHERE r2.import_id = $1 AND r2.outcome <> 'rejected' AND NOT ST_CoveredBy(r2.geom, p.geom)) s
      WHERE r.import_id = $1 AND r.row_number = s.row_number AND s.outside > 0.01 * s.whole`,
    [id],
  );
}

/** Rows without a code: the area of the same name under the same parent is updated; else a code is made from the parent's. */
export async function matchAreasByName(db: Queryable, id: number, level: AreaLevel): Promise<void> {
  await db.query(
    `UPDATE area_import_rows r
        SET area_id = a.id, code = a.code, outcome = 'update'
       FROM areas a
      WHERE r.import_id = $1 AND r.outcome <> 'rejected' AND r.code IS NULL
        AND a.level = $2 AND a.name = r.name AND a.parent_id IS NOT DISTINCT FROM r.parent_id`,
    [id, level],
  );
  await db.query(
    `UPDATE area_import_rows r
        SET code = made.code,
            warnings = warnings || ${note('code_made', `'no code in the file: given ' || made.code`, `'文件中无代码,已编为 ' || made.code`)}
       FROM (SELECT r2.row_number,
                    COALESCE(p.code, 'A' || r2.import_id) || '-' || lpad(r2.row_number::text, 4, '0') AS code
               FROM area_import_rows r2 LEFT JOIN areas p ON p.id = r2.parent_id
              WHERE r2.import_id = $1 AND r2.outcome <> 'rejected' AND r2.code IS NULL) made
      WHERE r.import_id = $1 AND r.row_number = made.row_number`,
    [id],
  );
  await db.query(
    `UPDATE area_import_rows r
        SET ${reject('code_taken', `'the code ' || r.code || ' made for it is already ' || a.name || '''s: give the file a code column'`, `'为其编制的代码 ' || r.code || ' 已被' || a.name || '使用:请在文件中提供代码列'`)}
       FROM areas a
      WHERE r.import_id = $1 AND r.outcome = 'create' AND a.code = r.code`,
    [id],
  );
}

export interface OverlapPair {
  row_number: number;
  other_name: string;
  overlap_m2: number;
  area_m2: number;
}

/**
 * Where a row shares ground with an area of its level that stays (not one
 * this import updates) or with another row of the file: a level partitions
 * the land, so each overlap is reported with its size.
 */
export async function siblingOverlaps(db: Queryable, id: number, level: AreaLevel): Promise<OverlapPair[]> {
  const { rows } = await db.query<OverlapPair>(
    `WITH mine AS (
       SELECT row_number, name, geom, area_id FROM area_import_rows WHERE import_id = $1 AND outcome <> 'rejected'
     ), others AS (
       SELECT NULL::integer AS row_number, a.name, a.geom FROM areas a
        WHERE a.level = $2 AND a.id NOT IN (SELECT area_id FROM mine WHERE area_id IS NOT NULL)
       UNION ALL
       SELECT row_number, name, geom FROM mine
     )
     SELECT m.row_number, o.name AS other_name,
            ST_Area(ST_Intersection(m.geom, o.geom)::geography) AS overlap_m2,
            ST_Area(m.geom::geography) AS area_m2
       FROM mine m JOIN others o ON m.geom && o.geom
      WHERE o.row_number IS DISTINCT FROM m.row_number AND ST_Relate(m.geom, o.geom, 'T********')
      ORDER BY m.row_number, overlap_m2 DESC`,
    [id, level],
  );
  return rows;
}

export async function addRowNotes(db: Queryable, id: number, notes: { row_number: number; note: AreaImportNote; reject: boolean }[]): Promise<void> {
  if (notes.length === 0) return;
  await db.query(
    `UPDATE area_import_rows r
        SET outcome = CASE WHEN n.reject THEN 'rejected' ELSE r.outcome END,
            problems = CASE WHEN n.reject THEN r.problems || jsonb_build_array(n.note) ELSE r.problems END,
            warnings = CASE WHEN n.reject THEN r.warnings ELSE r.warnings || jsonb_build_array(n.note) END
       FROM jsonb_to_recordset($2::jsonb) AS n(row_number integer, note jsonb, reject boolean)
      WHERE r.import_id = $1 AND r.row_number = n.row_number`,
    [id, JSON.stringify(notes)],
  );
}

/**
 * The land of each parent that none of its children covers once the import
 * is written: its children that stay, and the rows the file gives it.
 */
export async function gapsOfParents(db: Queryable, id: number, level: AreaLevel): Promise<GapFinding[]> {
  const { rows } = await db.query<GapFinding>(
    `WITH parents AS (
       SELECT DISTINCT parent_id FROM area_import_rows WHERE import_id = $1 AND outcome <> 'rejected' AND parent_id IS NOT NULL
     ), children AS (
       SELECT r.parent_id, r.geom FROM area_import_rows r WHERE r.import_id = $1 AND r.outcome <> 'rejected' AND r.parent_id IS NOT NULL
       UNION ALL
       SELECT a.parent_id, a.geom FROM areas a JOIN parents USING (parent_id)
        WHERE a.level = $2 AND a.id NOT IN (SELECT area_id FROM area_import_rows WHERE import_id = $1 AND area_id IS NOT NULL)
     ), gaps AS (
       SELECT p.id AS parent_id, p.name AS parent_name, ST_Area(p.geom::geography) AS whole,
              ST_CollectionExtract(ST_Difference(p.geom, ST_Union(c.geom)), 3) AS gap
         FROM areas p JOIN children c ON c.parent_id = p.id
        GROUP BY p.id
     )
     SELECT parent_id, parent_name,
            COALESCE(ST_Area(gap::geography), 0) AS gap_m2,
            COALESCE(ST_Area(gap::geography) / NULLIF(whole, 0), 0) AS share,
            (SELECT count(*)::int FROM ST_Dump(gap) d WHERE ST_Area(d.geom::geography) >= 1000) AS pieces,
            CASE WHEN ST_IsEmpty(gap) THEN NULL ELSE ST_AsGeoJSON(ST_SimplifyPreserveTopology(gap, 0.00002), 5)::json END AS geometry
       FROM gaps ORDER BY parent_name`,
    [id, level],
  );
  return rows;
}

export async function countAreaImportRows(db: Queryable, id: number): Promise<AreaImportCountsOutput> {
  const { rows } = await db.query<AreaImportCountsOutput>(
    `SELECT count(*) FILTER (WHERE outcome = 'create')::int AS create,
            count(*) FILTER (WHERE outcome = 'update')::int AS update,
            count(*) FILTER (WHERE outcome = 'rejected')::int AS rejected,
            count(*) FILTER (WHERE outcome <> 'rejected' AND jsonb_array_length(warnings) > 0)::int AS warned
       FROM area_import_rows WHERE import_id = $1`,
    [id],
  );
  return rows[0]!;
}

export interface AreaImportRowRecord {
  row_number: number;
  name: string | null;
  code: string | null;
  parent_id: number | null;
  parent_name: string | null;
  area_id: number | null;
  outcome: AreaRowOutcome;
  problems: AreaImportNote[];
  warnings: AreaImportNote[];
  area_m2: number | null;
  geometry: unknown;
}

export async function areaImportRowsPage(
  db: Queryable,
  id: number,
  page: { outcome?: AreaRowOutcome; offset: number; limit: number },
): Promise<{ total: number; rows: AreaImportRowRecord[] }> {
  const { rows } = await db.query<AreaImportRowRecord & { total: number }>(
    `SELECT r.row_number, r.name, r.code, r.parent_id, p.name AS parent_name, r.area_id, r.outcome, r.problems, r.warnings,
            ST_Area(r.geom::geography) AS area_m2,
            ST_AsGeoJSON(ST_SimplifyPreserveTopology(COALESCE(r.geom, ST_MakeValid(r.raw)), 0.00002), 5)::json AS geometry,
            count(*) OVER ()::int AS total
       FROM area_import_rows r LEFT JOIN areas p ON p.id = r.parent_id
      WHERE r.import_id = $1 AND ($2::text IS NULL OR r.outcome = $2)
      ORDER BY r.row_number
      OFFSET $3 LIMIT $4`,
    [id, page.outcome ?? null, page.offset, page.limit],
  );
  return { total: rows[0]?.total ?? 0, rows: rows.map(({ total: _total, ...row }) => row) };
}

// ---------------------------------------------------------------- commit

/** Rows to be created whose code some area took since the preview. */
export async function codesTakenSincePreview(db: Queryable, id: number): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT r.code FROM area_import_rows r JOIN areas a ON a.code = r.code
      WHERE r.import_id = $1 AND r.outcome = 'create' ORDER BY r.row_number LIMIT 5`,
    [id],
  );
  return rows.map((r) => r.code);
}

export async function updateAreasFromImport(db: Queryable, id: number, prefectureFromParent: boolean): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE areas a
        SET name = r.name, name_en = COALESCE(r.name_en, r.name), parent_id = r.parent_id, geom = r.geom,
            prefecture = CASE WHEN $2::boolean THEN r.parent_ref ELSE a.prefecture END
       FROM area_import_rows r
      WHERE r.import_id = $1 AND r.outcome = 'update' AND a.id = r.area_id
      RETURNING a.id`,
    [id, prefectureFromParent],
  );
  return rows.map((r) => r.id);
}

export async function insertAreasFromImport(db: Queryable, id: number, level: AreaLevel, prefectureFromParent: boolean): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO areas (code, name, name_en, level, parent_id, prefecture, geom)
     SELECT r.code, r.name, COALESCE(r.name_en, r.name), $2, r.parent_id,
            CASE WHEN $3::boolean THEN r.parent_ref ELSE (SELECT p.prefecture FROM areas p WHERE p.id = r.parent_id) END,
            r.geom
       FROM area_import_rows r
      WHERE r.import_id = $1 AND r.outcome = 'create'
      ORDER BY r.row_number
     RETURNING id`,
    [id, level, prefectureFromParent],
  );
  return rows.map((r) => r.id);
}

/**
 * Projects, compounds and roads take the smallest area holding them again:
 * those inside a written boundary, and those of an area whose boundary moved.
 */
export async function rederiveAreasOf(db: Queryable, areaIds: number[]): Promise<void> {
  if (areaIds.length === 0) return;
  for (const table of ['projects', 'compounds', 'roads'] as const) {
    await db.query(
      `UPDATE ${table} t SET area_id = area_containing(t.geom)
        WHERE (t.area_id = ANY($1::int[])
               OR EXISTS (SELECT 1 FROM areas a WHERE a.id = ANY($1::int[]) AND a.geom && t.geom AND ST_Intersects(a.geom, t.geom)))
          AND t.area_id IS DISTINCT FROM area_containing(t.geom)`,
      [areaIds],
    );
  }
}
