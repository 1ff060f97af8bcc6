import type pg from 'pg';
import type { HistoryAction } from '../domain/api/projects.js';
import type { GeometryJson } from '../domain/geojson.js';
import type { ProjectRecord } from '../domain/project.js';
import type { Status } from '../domain/status.js';
import { inWindow, inWindows, projectFilter } from './projectFilterSql.js';
import { SqlParams } from './sqlParams.js';

type Queryable = pg.Pool | pg.PoolClient;

/** A project as stored, with the names of its unit and area. */
export interface ProjectRow extends ProjectRecord {
  id: number;
  completion_note: string | null;
  reopen_count: number;
  unit_name: string | null;
  area_id: number | null;
  area_name: string | null;
  version: number;
  is_demo: boolean;
  created_at: Date;
  updated_at: Date;
  geometry: GeometryJson;
}

export interface ProjectFilter {
  bbox?: [number, number, number, number];
  kinds?: string[];
  statuses?: Status[];
  /** Includes the area's streets and communities. */
  areaId?: number;
  unitIds?: number[];
  /** Open and past the deadline on `today`. */
  overdueOnly: boolean;
  openStatuses: readonly Status[];
  today: string;
  /** Matched against title and address, case-insensitively. */
  text?: string;
  /** Reported on or after / on or before these dates. */
  reportedFrom?: string;
  reportedTo?: string;
  /** Keyset paging: only ids greater than this. */
  afterId: number;
  limit: number;
}

/**
 * What anyone may read of a project, all that the list and the map show,
 * besides its geometry: each column's SQL, read from `projects p` with
 * PROJECT_JOINS. The list leaves the rest in the table: a page of 1,000 then
 * parses 19 columns a row rather than 26.
 */
const PUBLIC_COLUMN_SQL = {
  id: 'p.id',
  kind: 'p.kind',
  title: 'p.title',
  address: 'p.address',
  status: 'p.status',
  unit_id: 'p.unit_id',
  unit_name: 'u.name',
  deadline: 'p.deadline',
  reported_on: 'p.reported_on',
  completed_on: 'p.completed_on',
  verified_on: 'p.verified_on',
  households_benefited: 'p.households_benefited',
  area_id: 'p.area_id',
  area_name: 'ar.name',
  attributes: 'p.attributes',
  version: 'p.version',
  is_demo: 'p.is_demo',
  updated_at: 'p.updated_at',
} satisfies Partial<Record<keyof ProjectRow, string>>;

/** A row of PUBLIC_PROJECT_COLUMNS. */
export type PublicProjectRow = Pick<ProjectRow, keyof typeof PUBLIC_COLUMN_SQL | 'geometry'>;

export const PUBLIC_PROJECT_COLUMNS = (precision: number) =>
  [...Object.entries(PUBLIC_COLUMN_SQL).map(([name, sql]) => `${sql} AS ${name}`), `ST_AsGeoJSON(p.geom, ${precision})::json AS geometry`].join(', ');

/** A project row's columns: the public ones and the rest. */
const PROJECT_COLUMNS = (precision: number) => `${PUBLIC_PROJECT_COLUMNS(precision)},
  p.description, p.reporter_name, p.reporter_phone, p.internal_note, p.completion_note, p.reopen_count, p.created_at`;

export const PROJECT_JOINS = `
  FROM projects p
  LEFT JOIN units u ON u.id = p.unit_id
  LEFT JOIN areas ar ON ar.id = p.area_id`;

/**
 * The projects matching a filter, in id order (stable for paging), with the
 * given columns. The page's ids come first: with no filter but the window,
 * from an index-only scan of projects_extent_idx, so only the page's rows are
 * read from the table.
 */
function matchingPage(columns: string, f: ProjectFilter): { text: string; values: unknown[] } {
  const p = new SqlParams();
  const filter = projectFilter(p, f);
  const text = `
  WITH RECURSIVE ${filter.areaTree},
  page AS (
    SELECT p.id FROM projects p
     WHERE ${filter.where} AND ${inWindow(p.add(f.bbox ?? null))} AND p.id > ${p.add(f.afterId)}
     ORDER BY p.id
     LIMIT ${p.add(f.limit)}
  )
  SELECT ${columns}
  ${PROJECT_JOINS}
   WHERE p.id IN (SELECT id FROM page)
   ORDER BY p.id`;
  return { text, values: p.values };
}

const LIST_COLUMNS = PUBLIC_PROJECT_COLUMNS(6);
const EXPORT_COLUMNS = PROJECT_COLUMNS(7);

/** A page of the list and the map: public columns, coordinates to 6 decimals (10 cm). */
export async function projectListPage(db: Queryable, f: ProjectFilter): Promise<PublicProjectRow[]> {
  return (await db.query<PublicProjectRow>(matchingPage(LIST_COLUMNS, f))).rows;
}

/**
 * A page of an export: every column, and the 7 decimals the database stores,
 * so that importing an export puts every project back exactly where it was.
 */
export async function projectsToExport(db: Queryable, f: ProjectFilter): Promise<ProjectRow[]> {
  return (await db.query<ProjectRow>(matchingPage(EXPORT_COLUMNS, f))).rows;
}

/** A live (not deleted) project; with `lock`, held until the transaction ends. */
export async function projectById(db: Queryable, id: number, options: { lock?: boolean } = {}): Promise<ProjectRow | undefined> {
  const { rows } = await db.query<ProjectRow>(
    `SELECT ${PROJECT_COLUMNS(7)} ${PROJECT_JOINS}
      WHERE p.id = $1 AND p.deleted_at IS NULL
      ${options.lock ? 'FOR UPDATE OF p' : ''}`,
    [id],
  );
  return rows[0];
}

/** Projects by id, deleted ones included (with `deleted`), for matching ledger rows to what they created. */
export async function projectsByIds(db: Queryable, ids: readonly number[]): Promise<(ProjectRow & { deleted: boolean })[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ProjectRow & { deleted: boolean }>(
    `SELECT ${PROJECT_COLUMNS(7)}, p.deleted_at IS NOT NULL AS deleted ${PROJECT_JOINS}
      WHERE p.id = ANY($1::bigint[])`,
    [ids],
  );
  return rows;
}

export interface GeometryCheck {
  valid: boolean;
  reason: string;
  /** The geometry as the database will store and return it. */
  normalized: string;
}

/** The database's (GEOS's) own verdict on a geometry, before it is stored. */
export async function checkGeometry(db: Queryable, geojson: string): Promise<GeometryCheck> {
  const { rows } = await db.query<GeometryCheck>(
    `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason, ST_AsGeoJSON(g, 7) AS normalized
       FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) s`,
    [geojson],
  );
  return rows[0]!;
}

const RECORD_PARAMS = (r: ProjectRecord) => [
  r.kind,
  r.title,
  r.description,
  r.address,
  r.status,
  r.unit_id,
  r.deadline,
  r.reported_on,
  r.completed_on,
  r.verified_on,
  r.households_benefited,
  JSON.stringify(r.attributes),
  r.reporter_name,
  r.reporter_phone,
  r.internal_note,
];

export async function insertProject(client: pg.PoolClient, record: ProjectRecord, geojson: string): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO projects (kind, title, description, address, status, unit_id, deadline, reported_on,
                           completed_on, verified_on, households_benefited, attributes, reporter_name,
                           reporter_phone, internal_note, geom)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15,
             ST_SetSRID(ST_GeomFromGeoJSON($16), 4326))
     RETURNING id`,
    [...RECORD_PARAMS(record), geojson],
  );
  return rows[0]!.id;
}

/** Writes a whole record over a project whose version is `version`; false when it moved on meanwhile. */
export async function updateProject(
  client: pg.PoolClient,
  id: number,
  version: number,
  record: ProjectRecord,
  geojson: string | null,
): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE projects
        SET kind = $1, title = $2, description = $3, address = $4, status = $5, unit_id = $6, deadline = $7,
            reported_on = $8, completed_on = $9, verified_on = $10, households_benefited = $11,
            attributes = $12::jsonb, reporter_name = $13, reporter_phone = $14, internal_note = $15,
            geom = COALESCE(ST_SetSRID(ST_GeomFromGeoJSON($16), 4326), geom),
            version = version + 1, updated_at = now()
      WHERE id = $17 AND version = $18 AND deleted_at IS NULL`,
    [...RECORD_PARAMS(record), geojson, id, version],
  );
  return rowCount === 1;
}

export async function softDeleteProject(client: pg.PoolClient, id: number, version: number): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE projects SET deleted_at = now(), version = version + 1, updated_at = now()
      WHERE id = $1 AND version = $2 AND deleted_at IS NULL`,
    [id, version],
  );
  return rowCount === 1;
}

export interface HistoryEntry {
  version: number;
  action: HistoryAction;
  actor: string;
  from_status: Status | null;
  to_status: Status | null;
  changes: Record<string, [unknown, unknown]>;
  note: string | null;
}

export async function appendHistory(client: pg.PoolClient, projectId: number, entry: HistoryEntry): Promise<void> {
  await client.query(
    `INSERT INTO project_history (project_id, version, action, actor, from_status, to_status, changes, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
    [projectId, entry.version, entry.action, entry.actor, entry.from_status, entry.to_status, JSON.stringify(entry.changes), entry.note],
  );
}

export interface HistoryRow extends HistoryEntry {
  id: number;
  at: Date;
}

/** Every recorded change of a project, oldest first; deleted projects keep theirs. */
export async function historyOfProject(db: Queryable, projectId: number): Promise<HistoryRow[]> {
  const { rows } = await db.query<HistoryRow>(
    `SELECT id, version, action, actor, at, from_status, to_status, changes, note
       FROM project_history WHERE project_id = $1 ORDER BY id`,
    [projectId],
  );
  return rows;
}

export async function projectExistsEver(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM projects WHERE id = $1', [id]);
  return rowCount === 1;
}

/**
 * Open projects in the order they need attention: the most overdue first, then
 * the nearest deadlines (a unit's work list; 督办 when only overdue ones).
 */
export async function openProjectsByUrgency(
  db: Queryable,
  f: { unitId: number | null; overdueOnly: boolean; openStatuses: readonly Status[]; today: string; limit: number },
): Promise<ProjectRow[]> {
  const { rows } = await db.query<ProjectRow>(
    `SELECT ${PROJECT_COLUMNS(6)} ${PROJECT_JOINS}
      WHERE p.deleted_at IS NULL
        AND p.status = ANY ($1)
        AND ($2::integer IS NULL OR p.unit_id = $2)
        AND (NOT $3::boolean OR p.deadline < $4::date)
      ORDER BY p.deadline ASC NULLS LAST, p.id
      LIMIT $5`,
    [f.openStatuses, f.unitId, f.overdueOnly, f.today, f.limit],
  );
  return rows;
}

/** One page of a kind's live projects in id order, by offset: what OGC API clients page through. */
export async function projectsOfKindPage(
  db: Queryable,
  f: { kind: string; windows?: number[]; reportedFrom?: string; reportedTo?: string; limit: number; offset: number },
): Promise<ProjectRow[]> {
  const p = new SqlParams();
  const from = p.add(f.reportedFrom ?? null);
  const to = p.add(f.reportedTo ?? null);
  const { rows } = await db.query<ProjectRow>(
    `SELECT ${PROJECT_COLUMNS(6)} ${PROJECT_JOINS}
      WHERE p.deleted_at IS NULL AND p.kind = ${p.add(f.kind)}
        AND ${inWindows(p.add(f.windows ?? null))}
        AND (${from}::date IS NULL OR p.reported_on >= ${from})
        AND (${to}::date IS NULL OR p.reported_on <= ${to})
      ORDER BY p.id
      LIMIT ${p.add(f.limit)} OFFSET ${p.add(f.offset)}`,
    p.values,
  );
  return rows;
}

/** Live projects by id list, kinds, statuses and report dates, newest report first: Open311's request search. */
export async function projectsReported(
  db: Queryable,
  f: { ids?: number[]; kinds?: string[]; statuses?: Status[]; reportedFrom?: string; reportedTo?: string; limit: number },
): Promise<ProjectRow[]> {
  const { rows } = await db.query<ProjectRow>(
    `SELECT ${PROJECT_COLUMNS(6)} ${PROJECT_JOINS}
      WHERE p.deleted_at IS NULL
        AND ($1::bigint[] IS NULL OR p.id = ANY ($1))
        AND ($2::text[] IS NULL OR p.kind = ANY ($2))
        AND ($3::text[] IS NULL OR p.status = ANY ($3))
        AND ($4::date IS NULL OR p.reported_on >= $4)
        AND ($5::date IS NULL OR p.reported_on <= $5)
      ORDER BY p.reported_on DESC, p.id DESC
      LIMIT $6`,
    [f.ids ?? null, f.kinds ?? null, f.statuses ?? null, f.reportedFrom ?? null, f.reportedTo ?? null, f.limit],
  );
  return rows;
}
