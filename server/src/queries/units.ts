import type pg from 'pg';

export interface UnitRow {
  id: number;
  name: string;
  name_en: string | null;
  district_id: number | null;
  is_demo: boolean;
}

export async function allUnits(db: pg.Pool, districtId?: number): Promise<UnitRow[]> {
  const { rows } = await db.query<UnitRow>(
    `SELECT id, name, name_en, district_id, is_demo FROM units
      WHERE ($1::integer IS NULL OR district_id = $1)
      ORDER BY district_id NULLS FIRST, name`,
    [districtId ?? null],
  );
  return rows;
}

export async function unitExists(db: pg.Pool | pg.PoolClient, id: number): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM units WHERE id = $1', [id]);
  return rowCount === 1;
}
