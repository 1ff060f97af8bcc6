import type pg from 'pg';

export interface UnitRow {
  id: number;
  name: string;
  name_en: string | null;
  district_id: number | null;
  /** 简称: the names a ledger may write for this unit (migration 0023). */
  short_names: string[];
  is_demo: boolean;
}

export async function allUnits(db: pg.Pool, districtId?: number): Promise<UnitRow[]> {
  const { rows } = await db.query<UnitRow>(
    `SELECT id, name, name_en, district_id, short_names, is_demo FROM units
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

export async function unitById(db: pg.Pool | pg.PoolClient, id: number): Promise<UnitRow | undefined> {
  const { rows } = await db.query<UnitRow>('SELECT id, name, name_en, district_id, short_names, is_demo FROM units WHERE id = $1', [id]);
  return rows[0];
}

/** Whether another unit of the same district already has this name. */
export async function unitNameTaken(db: pg.Pool | pg.PoolClient, name: string, districtId: number | null, exceptId: number | null): Promise<boolean> {
  const { rowCount } = await db.query(
    'SELECT 1 FROM units WHERE name = $1 AND district_id IS NOT DISTINCT FROM $2 AND ($3::integer IS NULL OR id <> $3)',
    [name, districtId, exceptId],
  );
  return rowCount !== 0;
}

export interface UnitValues {
  name: string;
  name_en: string | null;
  district_id: number | null;
  short_names: string[];
}

export async function insertUnit(db: pg.Pool | pg.PoolClient, u: UnitValues): Promise<UnitRow> {
  const { rows } = await db.query<UnitRow>(
    'INSERT INTO units (name, name_en, district_id, short_names) VALUES ($1, $2, $3, $4) RETURNING id, name, name_en, district_id, short_names, is_demo',
    [u.name, u.name_en, u.district_id, u.short_names],
  );
  return rows[0]!;
}

export async function updateUnit(db: pg.Pool | pg.PoolClient, id: number, u: UnitValues): Promise<UnitRow> {
  const { rows } = await db.query<UnitRow>(
    'UPDATE units SET name = $2, name_en = $3, district_id = $4, short_names = $5 WHERE id = $1 RETURNING id, name, name_en, district_id, short_names, is_demo',
    [id, u.name, u.name_en, u.district_id, u.short_names],
  );
  return rows[0]!;
}
