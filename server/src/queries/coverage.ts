import type pg from 'pg';
import { areaTree, FINISHED, utmSrid, workingSiteWithin } from './fragments.js';
import { SqlParams } from './sqlParams.js';

/**
 * Coverage of one area and everything below it. An area's compounds, roads
 * and projects are those whose `area_id` (the area holding their point on
 * surface) lies in its subtree: a compound straddling a boundary counts once,
 * in the area that holds its point on surface. Working sites and lights are
 * taken from anywhere, so a charging site across the boundary still serves.
 * Distances are metres on the spheroid: charging reads each compound's
 * distance to its nearest working site, kept by triggers in
 * compound_charging_reach (migration 0009); the others go through the
 * geography indexes.
 */
export interface ChargingFigures {
  households_covered: number;
  households: number;
  compounds: number;
  sites: number;
  piles: number;
}

export async function chargingCoverage(db: pg.Pool, areaId: number, radius: number): Promise<ChargingFigures> {
  const p = new SqlParams();
  const area = p.add(areaId);
  const radiusParam = p.add(radius);
  const { rows } = await db.query<ChargingFigures>(
    `WITH RECURSIVE ${areaTree(area)},
     area_compounds AS (
       SELECT c.id, c.households
         FROM compounds c WHERE c.area_id IN (SELECT id FROM tree)
     ),
     -- The area's own sites, for the counts; coverage takes sites from anywhere.
     -- As an array, the tree is a handful of ids to look up in
     -- projects_working_sites_area_idx (migration 0015); as a join, the
     -- planner guessed hundreds and read every working site instead.
     area_sites AS (
       SELECT COALESCE((p.attributes ->> 'piles')::integer, 0) AS piles
         FROM projects p
        WHERE p.area_id = ANY (ARRAY(SELECT id FROM tree))
          AND p.kind = 'charging' AND p.status IN ${FINISHED} AND p.deleted_at IS NULL
     ),
     covered AS MATERIALIZED (
       SELECT COALESCE(sum(c.households), 0)::integer AS households
         FROM area_compounds c
        WHERE ${workingSiteWithin('c.id', radiusParam)}
     )
     SELECT (SELECT households FROM covered) AS households_covered,
            COALESCE(sum(c.households), 0)::integer AS households,
            count(c.id)::integer AS compounds,
            (SELECT count(*) FROM area_sites)::integer AS sites,
            (SELECT COALESCE(sum(piles), 0) FROM area_sites)::integer AS piles
       FROM area_compounds c`,
    p.values,
  );
  return rows[0]!;
}

export interface RenovationFigures {
  old_renovated: number;
  old: number;
  households_renovated: number;
  households_old: number;
}

/** An old compound is renovated when its point on surface lies in a finished renovation project's outline. */
export async function renovationCoverage(db: pg.Pool, areaId: number, year: number): Promise<RenovationFigures> {
  const p = new SqlParams();
  const area = p.add(areaId);
  const yearParam = p.add(year);
  const { rows } = await db.query<RenovationFigures>(
    `WITH RECURSIVE ${areaTree(area)},
     old AS (
       SELECT c.id, c.households, c.geom FROM compounds c
        WHERE c.area_id IN (SELECT id FROM tree) AND c.year_built <= ${yearParam}
     ),
     renovated AS (
       SELECT DISTINCT o.id
         FROM old o
         JOIN projects p ON p.kind = 'compound' AND p.status IN ${FINISHED} AND p.deleted_at IS NULL
                        AND ST_Intersects(p.geom, ST_PointOnSurface(o.geom))
     )
     SELECT count(*) FILTER (WHERE o.id IN (SELECT id FROM renovated))::integer AS old_renovated,
            count(*)::integer AS old,
            COALESCE(sum(o.households) FILTER (WHERE o.id IN (SELECT id FROM renovated)), 0)::integer AS households_renovated,
            COALESCE(sum(o.households), 0)::integer AS households_old
       FROM old o`,
    p.values,
  );
  return rows[0]!;
}

export interface LightingFigures {
  lit_m: number;
  road_m: number;
  roads: number;
}

/** The length of each road inside the union of D-metre buffers around finished streetlight work. */
export async function lightingCoverage(db: pg.Pool, areaId: number, distance: number): Promise<LightingFigures> {
  const p = new SqlParams();
  const area = p.add(areaId);
  const distanceParam = p.add(distance);
  const { rows } = await db.query<LightingFigures>(
    `WITH RECURSIVE ${areaTree(area)},
     area_roads AS (SELECT r.id, r.geom FROM roads r WHERE r.area_id IN (SELECT id FROM tree)),
     lit AS (
       SELECT r.id,
              ST_Length(ST_Intersection(r.geom, ST_Union(ST_Buffer(p.geom::geography, ${distanceParam})::geometry))::geography) AS metres
         FROM area_roads r
         JOIN projects p ON p.kind = 'streetlight' AND p.status IN ${FINISHED} AND p.deleted_at IS NULL
                        AND ST_DWithin(p.geom::geography, r.geom::geography, ${distanceParam})
        GROUP BY r.id, r.geom
     )
     SELECT COALESCE((SELECT sum(metres) FROM lit), 0)::float8 AS lit_m,
            COALESCE(sum(ST_Length(r.geom::geography)), 0)::float8 AS road_m,
            count(*)::integer AS roads
       FROM area_roads r`,
    p.values,
  );
  return rows[0]!;
}

export interface DrainageFigures {
  resolved: number;
  reported: number;
  open: number;
  area_km2: number;
  hotspots: number;
  unresolved_hotspots: number;
}

/**
 * Blockages resolved of those reported, open ones per km², and hotspots:
 * clusters of at least `reports` blockages each within `radius` m of another
 * (DBSCAN in the area's UTM zone, so the radius is in metres).
 */
export async function drainageFigures(
  db: pg.Pool,
  areaId: number,
  hotspot: { radius: number; reports: number },
): Promise<DrainageFigures> {
  const p = new SqlParams();
  const area = p.add(areaId);
  const radiusParam = p.add(hotspot.radius);
  const reportsParam = p.add(hotspot.reports);
  const { rows } = await db.query<DrainageFigures>(
    `WITH RECURSIVE ${areaTree(area)},
     area AS (
       SELECT geom, ${utmSrid('geom')} AS utm FROM areas WHERE id = ${area}
     ),
     blockages AS (
       SELECT p.status, ST_Transform(ST_PointOnSurface(p.geom), (SELECT utm FROM area)) AS g
         FROM projects p
        WHERE p.kind = 'drainage' AND p.deleted_at IS NULL AND p.status <> 'cancelled' AND p.area_id IN (SELECT id FROM tree)
     ),
     clustered AS (SELECT status, ST_ClusterDBSCAN(g, eps := ${radiusParam}, minpoints := ${reportsParam}) OVER () AS cluster FROM blockages),
     hotspots AS (
       SELECT cluster, bool_or(status NOT IN ${FINISHED}) AS unresolved FROM clustered WHERE cluster IS NOT NULL GROUP BY cluster
     )
     SELECT (SELECT count(*) FROM blockages WHERE status IN ${FINISHED})::integer AS resolved,
            (SELECT count(*) FROM blockages)::integer AS reported,
            (SELECT count(*) FROM blockages WHERE status NOT IN ${FINISHED})::integer AS open,
            (SELECT ST_Area(geom::geography) / 1e6 FROM area)::float8 AS area_km2,
            (SELECT count(*) FROM hotspots)::integer AS hotspots,
            (SELECT count(*) FROM hotspots WHERE unresolved)::integer AS unresolved_hotspots`,
    p.values,
  );
  return rows[0]!;
}

export interface LoopFigures {
  by_status: Record<string, number>;
  overdue: number;
  completed: number;
  completed_on_time: number;
  median_days: number | null;
  mean_days: number | null;
}

/**
 * How the loop turns for one kind: counts by status, overdue items, and the
 * days from report to completion. Completed on time = completed on or before
 * the deadline, or with no deadline set.
 */
export async function loopFigures(db: pg.Pool, areaId: number, kind: string, today: string, openStatuses: readonly string[]): Promise<LoopFigures> {
  const p = new SqlParams();
  const area = p.add(areaId);
  const kindParam = p.add(kind);
  const todayParam = p.add(today);
  const openStatusesParam = p.add(openStatuses);
  const { rows } = await db.query<LoopFigures>(
    `WITH RECURSIVE ${areaTree(area)},
     p AS (
       SELECT status, deadline, reported_on, completed_on FROM projects
        WHERE kind = ${kindParam} AND deleted_at IS NULL AND area_id IN (SELECT id FROM tree)
     )
     SELECT COALESCE((SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::integer AS n FROM p GROUP BY status) s), '{}'::json) AS by_status,
            (SELECT count(*) FROM p WHERE status = ANY (${openStatusesParam}) AND deadline < ${todayParam}::date)::integer AS overdue,
            (SELECT count(*) FROM p WHERE status IN ${FINISHED})::integer AS completed,
            (SELECT count(*) FROM p WHERE status IN ${FINISHED} AND (deadline IS NULL OR completed_on <= deadline))::integer AS completed_on_time,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY completed_on - reported_on) FROM p WHERE status IN ${FINISHED})::float8 AS median_days,
            (SELECT avg(completed_on - reported_on) FROM p WHERE status IN ${FINISHED})::float8 AS mean_days`,
    p.values,
  );
  return rows[0]!;
}
