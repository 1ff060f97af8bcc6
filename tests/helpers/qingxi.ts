import type pg from 'pg';

/** The made-up district of the samples in data/samples: 清溪区 and its six streets, 3 columns × 2 rows of 0.1° × 0.15°, north row first. */
export const QINGXI_STREETS = [
  ['439901001000', '城关街道', 113.0, 28.15],
  ['439901002000', '河西街道', 113.1, 28.15],
  ['439901003000', '桃源街道', 113.2, 28.15],
  ['439901100000', '新港镇', 113.0, 28.0],
  ['439901101000', '白沙镇', 113.1, 28.0],
  ['439901200000', '青山乡', 113.2, 28.0],
] as const;

const box = (w: number, s: number, e: number, n: number) => `SRID=4326;MULTIPOLYGON(((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s})))`;

/** Adds 清溪区 and its streets unless a test (or a boundary import) already did; answers their ids, and whether it added them. */
export async function ensureQingxi(pool: pg.Pool): Promise<{ districtId: number; streetIds: Record<string, number>; added: boolean }> {
  const { rowCount } = await pool.query(
    `INSERT INTO areas (code, name, name_en, level, geom) VALUES ('439901', '清溪区', 'Qingxi District', 'district', ST_GeomFromEWKT($1)) ON CONFLICT (code) DO NOTHING`,
    [box(113, 28, 113.3, 28.3)],
  );
  const districtId = (await pool.query<{ id: number }>(`SELECT id FROM areas WHERE code = '439901'`)).rows[0]!.id;
  const streetIds: Record<string, number> = {};
  for (const [code, name, w, s] of QINGXI_STREETS) {
    await pool.query(
      `INSERT INTO areas (code, name, name_en, level, parent_id, geom) VALUES ($1, $2, $1, 'street', $3, ST_GeomFromEWKT($4)) ON CONFLICT (code) DO NOTHING`,
      [code, name, districtId, box(w, s, w + 0.1, s + 0.15)],
    );
    streetIds[name] = (await pool.query<{ id: number }>('SELECT id FROM areas WHERE code = $1', [code])).rows[0]!.id;
  }
  return { districtId, streetIds, added: rowCount === 1 };
}

/**
 * Removes what the list samples load into 清溪区 — their accounts (qx-…), the
 * compounds and units of the district — and the district itself when the
 * test added it: the boundary tests import 清溪区 afresh and delete it after.
 */
export async function removeQingxiLists(pool: pg.Pool, qingxi: { districtId: number; added: boolean }): Promise<void> {
  await pool.query(`DELETE FROM users WHERE username LIKE 'qx-%'`);
  await pool.query('DELETE FROM compounds c USING areas d WHERE d.id = $1 AND ST_Within(c.geom, d.geom)', [qingxi.districtId]);
  await pool.query('DELETE FROM units WHERE district_id = $1', [qingxi.districtId]);
  if (!qingxi.added) return;
  await pool.query(`DELETE FROM areas WHERE parent_id = $1 AND code LIKE '439901%'`, [qingxi.districtId]);
  await pool.query('DELETE FROM areas WHERE id = $1', [qingxi.districtId]);
}

/**
 * Sets aside, while a test runs, another file's made-up 清溪区 (one with a test
 * code, not 439901): its areas and units renamed and its units' short names
 * emptied, so that the samples' names (清溪区, 城关街道, 区城管局) each mean one
 * thing. Answers the function that puts them back.
 */
export async function setAsideOtherQingxi(pool: pg.Pool): Promise<() => Promise<void>> {
  const { rows: areas } = await pool.query<{ id: number; name: string }>(
    `SELECT a.id, a.name FROM areas a
      WHERE a.code NOT LIKE '439901%'
        AND (a.id IN (SELECT id FROM areas WHERE name = '清溪区' AND level = 'district')
             OR a.parent_id IN (SELECT id FROM areas WHERE name = '清溪区' AND level = 'district' AND code NOT LIKE '439901%'))`,
  );
  const { rows: units } = await pool.query<{ id: number; name: string; short_names: string[] }>(
    'SELECT id, name, short_names FROM units WHERE district_id = ANY($1::integer[])',
    [areas.map((a) => a.id)],
  );
  for (const a of areas) await pool.query(`UPDATE areas SET name = name || '(另)' WHERE id = $1`, [a.id]);
  for (const u of units) await pool.query(`UPDATE units SET name = name || '(另)', short_names = '{}' WHERE id = $1`, [u.id]);
  return async () => {
    for (const a of areas) await pool.query('UPDATE areas SET name = $2 WHERE id = $1', [a.id, a.name]);
    for (const u of units) await pool.query('UPDATE units SET name = $2, short_names = $3 WHERE id = $1', [u.id, u.name, u.short_names]);
  };
}
