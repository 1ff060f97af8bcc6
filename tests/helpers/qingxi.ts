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

/** Adds 清溪区 and its streets unless a test (or a boundary import) already did; answers their ids. */
export async function ensureQingxi(pool: pg.Pool): Promise<{ districtId: number; streetIds: Record<string, number> }> {
  await pool.query(
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
  return { districtId, streetIds };
}
