import type pg from 'pg';
import { KINDS } from '../domain/kinds/index.js';

/**
 * Writes the kind registry into project_kinds, so the database can refuse a
 * geometry type a kind does not allow. Kinds removed from the registry stay
 * (projects may still reference them).
 */
export async function syncProjectKinds(db: pg.Pool | pg.PoolClient): Promise<void> {
  await db.query(
    `INSERT INTO project_kinds (code, geometry_types, default_time_limit_days)
     SELECT k.code, k.geometry_types, k.default_time_limit_days
       FROM json_to_recordset($1::json) AS k(code text, geometry_types text[], default_time_limit_days integer)
     ON CONFLICT (code) DO UPDATE
        SET geometry_types = EXCLUDED.geometry_types,
            default_time_limit_days = EXCLUDED.default_time_limit_days`,
    [
      JSON.stringify(
        KINDS.map((k) => ({ code: k.code, geometry_types: k.geometryTypes, default_time_limit_days: k.defaultTimeLimitDays })),
      ),
    ],
  );
}
