import type pg from 'pg';
import type { AreaLevel } from '../domain/area.js';
import type { GeometryJson } from '../domain/geojson.js';

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
  geometry: GeometryJson;
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
