import type pg from 'pg';

/**
 * Deterministic synthetic data at scale, written with set-based SQL so a
 * million rows take tens of seconds, not hours. Every value derives from the
 * row number: two runs at the same scale hold the same data.
 *
 * Projects spread over a 1.2° × 0.9° box around the demo's old town (衡阳,
 * about 120 × 100 km, a prefecture), denser towards the centre as towns are.
 * They lie in the demo's districts, streets and communities as the server
 * would place them; work past "reported" has a unit and an assigned step in
 * its record, so a district's dashboard reads as many rows as a real one.
 */
export const SPREAD = { lon: 112.0, lat: 26.45, width: 1.2, height: 0.9 };

export async function addProjects(pool: pg.Pool, count: number, batch = 100_000): Promise<void> {
  // One connection without the server's 30 s statement timeout: placing a
  // million points in their areas is one statement of about a minute. It is
  // closed afterwards, so the pool's next connection has the timeout again.
  const db = await pool.connect();
  try {
    await db.query('SET statement_timeout = 0');
    await addProjectsOn(db, count, batch);
  } finally {
    db.release(true);
  }
}

async function addProjectsOn(db: pg.PoolClient, count: number, batch: number): Promise<void> {
  await db.query(
    `CREATE UNLOGGED TABLE bench_places AS
     SELECT i, ST_SetSRID(ST_MakePoint($2 + $4 * (0.5 + 0.5 * sin(i * 12.9898) * abs(cos(i * 4.1414))),
                                       $3 + $5 * (0.5 + 0.5 * cos(i * 78.233) * abs(sin(i * 2.7182)))), 4326) AS geom
       FROM generate_series(1, $1::integer) i`,
    [count, SPREAD.lon, SPREAD.lat, SPREAD.width, SPREAD.height],
  );
  // The areas are found for all places at once below; the trigger would look
  // up those outside every area (about 1 ms a row) again.
  await db.query('ALTER TABLE projects DISABLE TRIGGER projects_area');
  try {
    await placeInAreas(db);
    for (let from = 1; from <= count; from += batch) {
      await insertProjects(db, from, Math.min(count, from + batch - 1));
    }
  } finally {
    await db.query('ALTER TABLE projects ENABLE TRIGGER projects_area');
    await db.query('DROP TABLE IF EXISTS bench_places');
  }
  await db.query('ANALYZE projects; ANALYZE project_history');
}

/**
 * Each place's area as the projects_area trigger would derive it
 * (area_containing: the community, else the street, else the district),
 * found in one statement: area by area, so PostGIS tests every point against
 * the same polygon in turn, where the trigger would take about 1 ms a row.
 * The spread lies over the demo's twelve districts of 衡阳.
 */
async function placeInAreas(db: pg.PoolClient): Promise<void> {
  await db.query('CREATE INDEX ON bench_places USING gist (geom); ANALYZE bench_places');
  await db.query(
    `ALTER TABLE bench_places ADD COLUMN area_id integer;
     UPDATE bench_places pl SET area_id = deepest.area_id
       FROM (SELECT DISTINCT ON (pl.i) pl.i, a.id AS area_id
               FROM areas a JOIN bench_places pl ON ST_Intersects(a.geom, pl.geom)
              ORDER BY pl.i, CASE a.level WHEN 'community' THEN 0 WHEN 'street' THEN 1 ELSE 2 END, a.id) deepest
      WHERE deepest.i = pl.i`,
  );
}

/**
 * Projects `from`..`to`, in the areas found for their places, with a unit
 * once assigned and, for those, the assigned step of their record.
 */
async function insertProjects(db: pg.PoolClient, from: number, to: number): Promise<void> {
  await db.query(
    `WITH unit_ids AS (SELECT array_agg(id ORDER BY id) AS ids FROM units),
     added AS (
       INSERT INTO projects (kind, title, status, geom, area_id, unit_id, reported_on, deadline, completed_on, verified_on,
                             households_benefited, attributes)
       SELECT (ARRAY['streetlight', 'drainage', 'charging'])[1 + i % 3],
              '基准项目 ' || i,
              s.status,
              pl.geom,
              pl.area_id,
              CASE WHEN s.status <> 'reported' THEN u.ids[1 + i % cardinality(u.ids)] END,
              d.reported_on,
              -- Assigned work has a deadline 10 to 39 days on; done work was completed 0 to 39 days
              -- after its report (some late), verified two days later.
              CASE WHEN s.status <> 'reported' THEN d.reported_on + 10 + i % 30 END,
              CASE WHEN s.status IN ('completed', 'verified') THEN d.reported_on + i % 40 END,
              CASE WHEN s.status = 'verified' THEN d.reported_on + i % 40 + 2 END,
              i % 200,
              CASE WHEN i % 3 = 2 THEN jsonb_build_object('piles', 2 + i % 10) ELSE '{}'::jsonb END
         FROM bench_places pl
        CROSS JOIN unit_ids u
        CROSS JOIN LATERAL (SELECT (ARRAY['reported', 'assigned', 'in_progress', 'completed', 'verified'])[1 + (pl.i / 3) % 5] AS status) s
        CROSS JOIN LATERAL (SELECT DATE '2024-01-01' + (pl.i % 600) AS reported_on) d
        WHERE pl.i BETWEEN $1 AND $2
       RETURNING id, status, reported_on, unit_id
     )
     -- Assigned on the day of the report, at 10:00 China time (02:00 UTC).
     INSERT INTO project_history (project_id, version, action, actor, at, from_status, to_status, changes)
     SELECT id, 1, 'transition', 'bench', reported_on + TIME '02:00' AT TIME ZONE 'UTC', 'reported', 'assigned',
            jsonb_build_object('unit_id', unit_id)
       FROM added WHERE status <> 'reported'`,
    [from, to],
  );
}

/** Where the coverage district lies: 108.0–108.1°E, 24.0–24.09°N. */
export const COVERAGE_DISTRICT = { lon: 108.0, lat: 24.0, width: 0.1, height: 0.09 };

/** A synthetic district of its own (10 × 10 km), where no demo area lies (the demo's reach from 110.5°E to 126°E), holding `compounds` compounds and `sites` finished charging sites. */
export async function addCoverageDistrict(db: pg.Pool, compounds: number, sites: number): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO areas (code, name, name_en, level, geom)
     VALUES ('BENCH-COVERAGE', '基准测试区', 'Bench district', 'district',
             ST_Multi(ST_MakeEnvelope($1::float8, $2::float8, $1::float8 + $3::float8, $2::float8 + $4::float8, 4326)))
     RETURNING id`,
    [COVERAGE_DISTRICT.lon, COVERAGE_DISTRICT.lat, COVERAGE_DISTRICT.width, COVERAGE_DISTRICT.height],
  );
  const areaId = rows[0]!.id;
  // Compounds: 60 × 60 m squares on a jittered grid filling the district.
  // Every compound lies inside the district: its area is known without the row-by-row trigger.
  await db.query('ALTER TABLE compounds DISABLE TRIGGER compounds_area');
  try {
    await db.query(
      `INSERT INTO compounds (name, households, year_built, geom, area_id)
       SELECT '基准小区 ' || i, 50 + i % 400, 1980 + i % 40,
              ST_Expand(ST_SetSRID(ST_MakePoint(108.001 + 0.098 * ((i % 141) / 141.0) + 0.0002 * sin(i),
                                                24.001 + 0.088 * ((i / 141) % 142 / 142.0) + 0.0002 * cos(i)), 4326), 0.0003),
              $2
         FROM generate_series(1, $1::integer) i`,
      [compounds, areaId],
    );
  } finally {
    await db.query('ALTER TABLE compounds ENABLE TRIGGER compounds_area');
  }
  await db.query(
    `INSERT INTO projects (kind, title, status, geom, reported_on, completed_on, attributes)
     SELECT 'charging', '基准充电站 ' || i, 'completed',
            ST_SetSRID(ST_MakePoint(108.002 + 0.096 * ((i * 7919) % 1000 / 1000.0), 24.002 + 0.086 * ((i * 104729) % 1000 / 1000.0)), 4326),
            DATE '2024-01-01', DATE '2024-02-01', jsonb_build_object('piles', 4)
       FROM generate_series(1, $1::integer) i`,
    [sites],
  );
  await db.query('ANALYZE compounds; ANALYZE projects');
  return areaId;
}
