import type pg from 'pg';
import type { KindCode } from '../domain/kinds/index.js';
import type { DistrictPlan } from './places.js';

export interface DemoUnit {
  id: number;
  districtCode: string;
  name: string;
  kinds: readonly KindCode[];
}

const INSERT_UNITS = `
  INSERT INTO units (name, name_en, district_id, is_demo)
  SELECT u.name, u.name_en, d.id, true
    FROM json_to_recordset($1::json) AS u(ord integer, district_code text, name text, name_en text)
    JOIN areas d ON d.code = u.district_code AND d.level = 'district'
   ORDER BY u.ord
  RETURNING id, name, district_id`;

const DISTRICT_IDS = `SELECT id, code FROM areas WHERE level = 'district' AND code = ANY ($1::text[])`;

/** The responsible units of each demo district; (district, name) is unique, so rows are matched back by it. */
export async function loadUnits(client: pg.PoolClient, plans: readonly DistrictPlan[]): Promise<DemoUnit[]> {
  const payload = plans.flatMap((p) => p.units.map((u) => ({ district_code: p.code, name: u.name, name_en: u.nameEn })));
  const { rows } = await client.query<{ id: number; name: string; district_id: number }>(INSERT_UNITS, [
    JSON.stringify(payload.map((u, ord) => ({ ord, ...u }))),
  ]);
  const districts = await client.query<{ id: number; code: string }>(DISTRICT_IDS, [plans.map((p) => p.code)]);
  const codeOf = new Map(districts.rows.map((d) => [d.id, d.code]));
  return plans.flatMap((plan) =>
    plan.units.map((u): DemoUnit => {
      const row = rows.find((r) => r.name === u.name && codeOf.get(r.district_id) === plan.code);
      if (!row) throw new Error(`unit ${u.name} was not stored`);
      return { id: row.id, districtCode: plan.code, name: u.name, kinds: u.kinds };
    }),
  );
}
