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
  geometry: GeometryJson;
}

const AREA_COLUMNS = `a.id, a.code, a.name, a.name_en, a.level, a.parent_id AS parent, a.prefecture, a.is_demo,
  ST_AsGeoJSON(a.geom, 6)::json AS geometry`;

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
