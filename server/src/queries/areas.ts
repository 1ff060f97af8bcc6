import type pg from 'pg';
import type { AreaLevel } from '../domain/area.js';
import type { MultiPolygon } from 'geojson';

export interface AreaRow {
  id: number;
  code: string;
  name: string;
  name_en: string;
  level: AreaLevel;
  parent: number | null;
  prefecture: string | null;
  is_demo: boolean;
  /** [minLon, minLat, maxLon, maxLat], for zooming to the area. */
  bbox: [number, number, number, number];
  /** A point inside the area where its name goes, once, however many tiles it spans. */
  label_point: [number, number];
  /** The column is geometry(MultiPolygon, 4326). */
  geometry: MultiPolygon;
}

// Five decimals (about 1 m) is finer than the boundaries themselves (1/1024°).
const AREA_COLUMNS = `a.id, a.code, a.name, a.name_en, a.level, a.parent_id AS parent, a.prefecture, a.is_demo,
  ARRAY[ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), ST_YMax(a.geom)]::float8[] AS bbox,
  (SELECT ARRAY[round(ST_X(p)::numeric, 5), round(ST_Y(p)::numeric, 5)]::float8[] FROM ST_PointOnSurface(a.geom) AS p) AS label_point,
  ST_AsGeoJSON(a.geom, 5)::json AS geometry`;

/** Areas of one level and/or one parent, in code order. */
export async function areasByLevelAndParent(
  db: pg.Pool,
  filter: { level?: AreaLevel; parent?: number },
): Promise<AreaRow[]> {
  const { rows } = await db.query<AreaRow>(
    `SELECT ${AREA_COLUMNS}
       FROM areas a
      WHERE ($1::text IS NULL OR a.level = $1)
        AND ($2::integer IS NULL OR a.parent_id = $2)
      ORDER BY a.code`,
    [filter.level ?? null, filter.parent ?? null],
  );
  return rows;
}

export async function areaById(db: pg.Pool, id: number): Promise<AreaRow | undefined> {
  const { rows } = await db.query<AreaRow>(`SELECT ${AREA_COLUMNS} FROM areas a WHERE a.id = $1`, [id]);
  return rows[0];
}

export async function areaExists(db: pg.Pool, id: number): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM areas WHERE id = $1', [id]);
  return rowCount === 1;
}

/** An area's level (district, street, community), or undefined when there is no such area. */
export async function areaLevel(db: pg.Pool | pg.PoolClient, id: number): Promise<string | undefined> {
  const { rows } = await db.query<{ level: string }>('SELECT level FROM areas WHERE id = $1', [id]);
  return rows[0]?.level;
}

export async function areaCodeTaken(db: pg.Pool | pg.PoolClient, code: string, exceptId: number | null): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM areas WHERE code = $1 AND ($2::integer IS NULL OR id <> $2)', [code, exceptId]);
  return rowCount !== 0;
}

/** GEOS's verdict on a boundary, before it is stored. */
export async function boundaryProblem(db: pg.PoolClient, geojson: string): Promise<string | null> {
  const { rows } = await db.query<{ reason: string | null }>(
    `SELECT CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END AS reason
       FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) s`,
    [geojson],
  );
  return rows[0]!.reason;
}

export async function insertArea(
  db: pg.PoolClient,
  a: { code: string; name: string; name_en: string; level: string; parent_id: number | null; prefecture: string | null; geojson: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO areas (code, name, name_en, level, parent_id, prefecture, geom)
     VALUES ($1, $2, $3, $4, $5, $6, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($7), 4326)))
     RETURNING id`,
    [a.code, a.name, a.name_en, a.level, a.parent_id, a.prefecture, a.geojson],
  );
  return rows[0]!.id;
}

export async function renameArea(db: pg.PoolClient, id: number, a: { code: string; name: string; name_en: string }): Promise<void> {
  await db.query('UPDATE areas SET code = $2, name = $3, name_en = $4 WHERE id = $1', [id, a.code, a.name, a.name_en]);
}

/**
 * A new area may now be the smallest one holding projects, compounds and
 * roads within it: their derived area is computed again.
 */
export async function rederiveAreasWithin(db: pg.PoolClient, areaId: number): Promise<void> {
  for (const table of ['projects', 'compounds', 'roads'] as const) {
    await db.query(
      `UPDATE ${table} t SET area_id = area_containing(t.geom)
        FROM areas a WHERE a.id = $1 AND ST_Intersects(a.geom, t.geom)`,
      [areaId],
    );
  }
}

/** Areas of a level whose interiors a boundary would share: a level partitions the land. */
export async function overlappingAreas(db: pg.PoolClient, level: string, geojson: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT a.name FROM areas a, (SELECT ST_SetSRID(ST_GeomFromGeoJSON($2), 4326) AS g) s
      WHERE a.level = $1 AND a.geom && s.g AND ST_Relate(a.geom, s.g, 'T********')
      ORDER BY a.name LIMIT 5`,
    [level, geojson],
  );
  return rows.map((r) => r.name);
}
