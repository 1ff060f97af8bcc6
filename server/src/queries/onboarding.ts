import type pg from 'pg';

/** What a district has loaded so far, step by step: the onboarding page's checklist. */
export interface LoadedSoFar {
  districts: number;
  streets: number;
  communities: number;
  units: number;
  units_with_short_names: number;
  staff: { admin: number; planner: number; unit: number; leader: number };
  compounds: number;
  roads: number;
  ledgers: number;
  projects: number;
  unplaced_rows: number;
  demo_data: boolean;
}

/**
 * Counts for the whole server, or for one district: its streets and
 * communities, its units, the staff of its units or areas, and the compounds,
 * roads and projects inside it.
 */
export async function loadedSoFar(db: pg.Pool, districtId: number | null): Promise<LoadedSoFar> {
  const { rows } = await db.query<LoadedSoFar>(
    `WITH scope AS (
       SELECT a.id FROM areas a
        WHERE $1::integer IS NULL OR a.id = $1 OR a.parent_id = $1
           OR a.parent_id IN (SELECT s.id FROM areas s WHERE s.parent_id = $1)
     ), scoped_units AS (
       SELECT id, short_names FROM units WHERE $1::integer IS NULL OR district_id = $1
     )
     SELECT (SELECT count(*) FROM areas WHERE level = 'district' AND id IN (SELECT id FROM scope))::int AS districts,
            (SELECT count(*) FROM areas WHERE level = 'street' AND id IN (SELECT id FROM scope))::int AS streets,
            (SELECT count(*) FROM areas WHERE level = 'community' AND id IN (SELECT id FROM scope))::int AS communities,
            (SELECT count(*) FROM scoped_units)::int AS units,
            (SELECT count(*) FROM scoped_units WHERE cardinality(short_names) > 0)::int AS units_with_short_names,
            (SELECT json_build_object(
                      'admin', count(*) FILTER (WHERE role = 'admin'), 'planner', count(*) FILTER (WHERE role = 'planner'),
                      'unit', count(*) FILTER (WHERE role = 'unit'), 'leader', count(*) FILTER (WHERE role = 'leader'))
               FROM users u
              WHERE u.disabled_at IS NULL
                AND ($1::integer IS NULL OR u.area_id IN (SELECT id FROM scope) OR u.unit_id IN (SELECT id FROM scoped_units))) AS staff,
            (SELECT count(*) FROM compounds WHERE $1::integer IS NULL OR area_id IN (SELECT id FROM scope))::int AS compounds,
            (SELECT count(*) FROM roads WHERE $1::integer IS NULL OR area_id IN (SELECT id FROM scope))::int AS roads,
            (SELECT count(DISTINCT k.ledger_id) FROM ledger_keys k JOIN projects p ON p.id = k.project_id
              WHERE $1::integer IS NULL OR p.area_id IN (SELECT id FROM scope))::int AS ledgers,
            (SELECT count(*) FROM projects WHERE deleted_at IS NULL AND ($1::integer IS NULL OR area_id IN (SELECT id FROM scope)))::int AS projects,
            (SELECT count(*) FROM ledger_import_rows WHERE outcome = 'unplaced' AND placed_project_id IS NULL)::int AS unplaced_rows,
            EXISTS (SELECT 1 FROM areas WHERE is_demo) AS demo_data`,
    [districtId],
  );
  return rows[0]!;
}
