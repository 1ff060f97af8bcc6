import type pg from 'pg';
import type { DemoGeometry } from './geometry.js';

/**
 * Which candidate shapes lie wholly inside an already loaded area. Demo shapes
 * are proposed in TypeScript (where the seeded generator lives) and kept only
 * when the database says they fit, so no street, compound or road leaks over a
 * real boundary.
 */
const CANDIDATES_COVERED_BY_AREA = `
  SELECT c.i
    FROM json_to_recordset($1::json) AS c(i integer, area_code text, geometry json)
    JOIN areas a ON a.code = c.area_code
   WHERE ST_CoveredBy(ST_SetSRID(ST_GeomFromGeoJSON(c.geometry::text), 4326), a.geom)
   ORDER BY c.i`;

export interface Candidate {
  areaCode: string;
  geometry: DemoGeometry;
}

/** The candidates that fit, in their original order. */
export async function keepCovered<T extends Candidate>(client: pg.PoolClient, candidates: readonly T[]): Promise<T[]> {
  if (candidates.length === 0) return [];
  const payload = candidates.map((c, i) => ({ i, area_code: c.areaCode, geometry: c.geometry }));
  const { rows } = await client.query<{ i: number }>(CANDIDATES_COVERED_BY_AREA, [JSON.stringify(payload)]);
  return rows.map((r) => candidates[r.i] as T);
}
