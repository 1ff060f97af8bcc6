import type pg from 'pg';
import type { ListCountsOutput, ListKind } from '../domain/listImports.js';
import type { AreaRef, CompoundRef, PointPlace, UnitRef, UserRef } from '../imports/listRows.js';
import type { Role } from '../domain/roles.js';

type Queryable = pg.Pool | pg.PoolClient;

export interface ListImportRow {
  id: number;
  kind: ListKind;
  file_name: string;
  sheets: Buffer | null;
  sheet_name: string;
  header_row: number;
  committed_at: Date | null;
}

export async function insertListImport(
  db: Queryable,
  l: { kind: ListKind; file_name: string; byte_size: number; sheets: Buffer; sheet_name: string; header_row: number; created_by: string },
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO list_imports (kind, file_name, byte_size, sheets, sheet_name, header_row, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [l.kind, l.file_name, l.byte_size, l.sheets, l.sheet_name, l.header_row, l.created_by],
  );
  return Number(rows[0]!.id);
}

/** The import, locked for the commit when `forUpdate`: two commits of one list cannot both write. */
export async function listImportById(db: Queryable, id: number, forUpdate = false): Promise<ListImportRow | undefined> {
  const { rows } = await db.query<ListImportRow & { id: string }>(
    `SELECT id, kind, file_name, sheets, sheet_name, header_row, committed_at FROM list_imports WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] && { ...rows[0], id: Number(rows[0].id) };
}

export async function markListCommitted(db: Queryable, id: number, counts: ListCountsOutput): Promise<void> {
  await db.query('UPDATE list_imports SET committed_at = now(), sheets = NULL, counts = $2 WHERE id = $1', [id, JSON.stringify(counts)]);
}

export async function areaRefs(db: Queryable, levels: readonly AreaRef['level'][]): Promise<AreaRef[]> {
  const { rows } = await db.query<AreaRef>('SELECT id, name, code, level, parent_id FROM areas WHERE level = ANY($1::text[]) ORDER BY id', [levels]);
  return rows;
}

export async function unitRefs(db: Queryable): Promise<UnitRef[]> {
  const { rows } = await db.query<UnitRef>('SELECT id, name, name_en, district_id, short_names FROM units ORDER BY id');
  return rows;
}

export async function userRefs(db: Queryable): Promise<UserRef[]> {
  const { rows } = await db.query<UserRef>('SELECT id, username, display_name, role, unit_id, area_id FROM users ORDER BY id');
  return rows;
}

/** Each compound with the district it lies in (through its area), and its point when it is stored as one. */
export async function compoundRefs(db: Queryable): Promise<CompoundRef[]> {
  const { rows } = await db.query<Omit<CompoundRef, 'point'> & { id: string; lon: number | null; lat: number | null }>(
    `SELECT c.id, c.name, c.households, c.year_built, c.address,
            CASE WHEN a.level = 'district' THEN a.id WHEN p.level = 'district' THEN p.id ELSE p.parent_id END AS district_id,
            CASE WHEN GeometryType(c.geom) = 'POINT' THEN ST_X(c.geom) END AS lon,
            CASE WHEN GeometryType(c.geom) = 'POINT' THEN ST_Y(c.geom) END AS lat
       FROM compounds c
       LEFT JOIN areas a ON a.id = c.area_id
       LEFT JOIN areas p ON p.id = a.parent_id
      ORDER BY c.id`,
  );
  return rows.map(({ lon, lat, ...c }) => ({ ...c, id: Number(c.id), point: lon === null || lat === null ? null : [lon, lat] }));
}

/** The district and street each position lies in, by row number. */
export async function placesOfPoints(db: Queryable, points: { row: number; lon: number; lat: number }[]): Promise<Map<number, PointPlace>> {
  const { rows } = await db.query<{ row: number; district_id: number | null; street_id: number | null }>(
    `SELECT p.row,
            (SELECT a.id FROM areas a WHERE a.level = 'district' AND ST_Intersects(a.geom, pt.geom) ORDER BY a.id LIMIT 1) AS district_id,
            (SELECT a.id FROM areas a WHERE a.level = 'street' AND ST_Intersects(a.geom, pt.geom) ORDER BY a.id LIMIT 1) AS street_id
       FROM json_to_recordset($1::json) AS p("row" integer, lon float8, lat float8)
      CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326) AS geom) pt`,
    [JSON.stringify(points)],
  );
  return new Map(rows.map((r) => [r.row, { district_id: r.district_id, street_id: r.street_id }]));
}

export async function insertListedUser(
  db: Queryable,
  u: { username: string; display_name: string; password_hash: string; role: Role; unit_id: number | null; area_id: number | null },
): Promise<void> {
  await db.query(
    `INSERT INTO users (username, display_name, password_hash, role, unit_id, area_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [u.username, u.display_name, u.password_hash, u.role, u.unit_id, u.area_id],
  );
}

export async function updateListedUser(db: Queryable, u: { id: number; display_name: string; role: Role; unit_id: number | null; area_id: number | null }): Promise<void> {
  await db.query('UPDATE users SET display_name = $2, role = $3, unit_id = $4, area_id = $5 WHERE id = $1', [u.id, u.display_name, u.role, u.unit_id, u.area_id]);
}

/** A listed compound is a point: the list gives no outline (its area is derived by the table's trigger). */
export async function insertListedCompound(
  db: Queryable,
  c: { name: string; households: number; year_built: number | null; address: string | null; lon: number; lat: number },
): Promise<void> {
  await db.query(
    `INSERT INTO compounds (name, households, year_built, address, geom) VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326))`,
    [c.name, c.households, c.year_built, c.address, c.lon, c.lat],
  );
}

/** Households, year and address; the point too when given (a compound with an outline keeps it). */
export async function updateListedCompound(
  db: Queryable,
  c: { id: number; households: number; year_built: number | null; address: string | null; lon: number | null; lat: number | null },
): Promise<void> {
  await db.query(
    `UPDATE compounds SET households = $2, year_built = $3, address = $4,
            geom = CASE WHEN $5::float8 IS NULL THEN geom ELSE ST_SetSRID(ST_MakePoint($5, $6), 4326) END
      WHERE id = $1`,
    [c.id, c.households, c.year_built, c.address, c.lon, c.lat],
  );
}
