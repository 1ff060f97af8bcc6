import type pg from 'pg';
import { AREA_TREE, FINISHED, utmSrid, workingSiteWithin } from './fragments.js';

/**
 * Gaps: need with no project. The same membership rule as coverage (an area's
 * features are those whose point on surface it holds) and the same working
 * sites and lights, so a gap list and a ratio never disagree.
 */
export interface GapRow {
  geometry: object;
  properties: Record<string, unknown>;
}

/** Compounds with no working charging site within R, most households first. */
export async function uncoveredCompounds(db: pg.Pool, areaId: number, radius: number, limit: number): Promise<GapRow[]> {
  const { rows } = await db.query<GapRow>(
    `WITH RECURSIVE ${AREA_TREE}
     SELECT ST_AsGeoJSON(c.geom, 6)::json AS geometry,
            json_build_object('compound_id', c.id, 'name', c.name, 'households', c.households, 'year_built', c.year_built) AS properties
       FROM compounds c
      WHERE c.area_id IN (SELECT id FROM tree)
        AND NOT ${workingSiteWithin('c.id', '$2')}
      ORDER BY c.households DESC, c.id
      LIMIT $3`,
    [areaId, radius, limit],
  );
  return rows;
}

/** Old compounds (built in or before Y) with no finished renovation, most households first. */
export async function unrenovatedOldCompounds(db: pg.Pool, areaId: number, year: number, limit: number): Promise<GapRow[]> {
  const { rows } = await db.query<GapRow>(
    `WITH RECURSIVE ${AREA_TREE}
     SELECT ST_AsGeoJSON(c.geom, 6)::json AS geometry,
            json_build_object('compound_id', c.id, 'name', c.name, 'households', c.households, 'year_built', c.year_built) AS properties
       FROM compounds c
      WHERE c.area_id IN (SELECT id FROM tree) AND c.year_built <= $2
        AND NOT EXISTS (
          SELECT 1 FROM projects p
           WHERE p.kind = 'compound' AND p.status IN ${FINISHED} AND p.deleted_at IS NULL
             AND ST_Intersects(p.geom, ST_PointOnSurface(c.geom))
        )
      ORDER BY c.households DESC, c.id
      LIMIT $3`,
    [areaId, year, limit],
  );
  return rows;
}

/** The parts of each road farther than D from finished streetlight work, longest first. */
export async function unlitRoadStretches(db: pg.Pool, areaId: number, distance: number, limit: number): Promise<GapRow[]> {
  const { rows } = await db.query<GapRow>(
    `WITH RECURSIVE ${AREA_TREE},
     stretches AS (
       SELECT r.id, r.name, r.road_class,
              COALESCE(
                ST_Difference(r.geom, (
                  SELECT ST_Union(ST_Buffer(p.geom::geography, $2)::geometry)
                    FROM projects p
                   WHERE p.kind = 'streetlight' AND p.status IN ${FINISHED} AND p.deleted_at IS NULL
                     AND ST_DWithin(p.geom::geography, r.geom::geography, $2)
                )),
                r.geom
              ) AS unlit
         FROM roads r
        WHERE r.area_id IN (SELECT id FROM tree)
     )
     SELECT ST_AsGeoJSON(unlit, 6)::json AS geometry,
            json_build_object('road_id', id, 'name', name, 'road_class', road_class,
                              'length_m', round(ST_Length(unlit::geography)::numeric, 1)) AS properties
       FROM stretches
      WHERE NOT ST_IsEmpty(unlit)
      ORDER BY ST_Length(unlit::geography) DESC, id
      LIMIT $3`,
    [areaId, distance, limit],
  );
  return rows;
}

/** Hotspots (DBSCAN in the area's UTM zone) with at least one open report, most reports first. */
export async function unresolvedHotspots(
  db: pg.Pool,
  areaId: number,
  hotspot: { radius: number; reports: number },
  limit: number,
): Promise<GapRow[]> {
  const { rows } = await db.query<GapRow>(
    `WITH RECURSIVE ${AREA_TREE},
     zone AS (SELECT ${utmSrid('geom')} AS utm FROM areas WHERE id = $1),
     blockages AS (
       SELECT p.id, p.status, ST_PointOnSurface(p.geom) AS g
         FROM projects p
        WHERE p.kind = 'drainage' AND p.deleted_at IS NULL AND p.status <> 'cancelled' AND p.area_id IN (SELECT id FROM tree)
     ),
     clustered AS (
       SELECT id, status, g, ST_ClusterDBSCAN(ST_Transform(g, (SELECT utm FROM zone)), eps := $2, minpoints := $3) OVER () AS cluster
         FROM blockages
     )
     SELECT ST_AsGeoJSON(ST_Collect(g), 6)::json AS geometry,
            json_build_object('reports', count(*), 'open_reports', count(*) FILTER (WHERE status NOT IN ${FINISHED}),
                              'project_ids', array_agg(id ORDER BY id)) AS properties
       FROM clustered
      WHERE cluster IS NOT NULL
      GROUP BY cluster
     HAVING bool_or(status NOT IN ${FINISHED})
      ORDER BY count(*) DESC, min(id)
      LIMIT $4`,
    [areaId, hotspot.radius, hotspot.reports, limit],
  );
  return rows;
}

/**
 * Households not covered by charging, summed on a hexagon grid of `size`
 * metres in the area's UTM zone. Each compound falls in the hexagon holding
 * its point on surface; only hexagons with uncovered households are returned.
 */
export async function uncoveredHouseholdGrid(db: pg.Pool, areaId: number, radius: number, size: number): Promise<GapRow[]> {
  const { rows } = await db.query<GapRow>(
    `WITH RECURSIVE ${AREA_TREE},
     zone AS (SELECT ${utmSrid('geom')} AS utm FROM areas WHERE id = $1),
     uncovered AS (
       SELECT c.id, c.households, ST_Transform(ST_PointOnSurface(c.geom), (SELECT utm FROM zone)) AS g
         FROM compounds c
        WHERE c.area_id IN (SELECT id FROM tree)
          AND NOT ${workingSiteWithin('c.id', '$2')}
     ),
     cells AS (
       -- A point on a shared edge touches two hexagons: it counts once, in the first.
       SELECT DISTINCT ON (u.id) u.id, u.households, h.i, h.j, h.geom AS hex
         FROM uncovered u
        CROSS JOIN LATERAL ST_HexagonGrid($3, ST_Expand(u.g, 0.001)) AS h
        WHERE ST_Intersects(h.geom, u.g)
        ORDER BY u.id, h.i, h.j
     )
     SELECT ST_AsGeoJSON(ST_Transform((array_agg(hex))[1], 4326), 6)::json AS geometry,
            json_build_object('i', i, 'j', j, 'households_uncovered', sum(households), 'compounds', count(*)) AS properties
       FROM cells
      GROUP BY i, j
      ORDER BY sum(households) DESC, i, j`,
    [areaId, radius, size],
  );
  return rows;
}
