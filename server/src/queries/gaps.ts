import type pg from 'pg';
import type { CoverageKind, CoverageParams } from '../domain/coverage.js';
import { areaTree, FINISHED, utmSrid, workingSiteWithin } from './fragments.js';
import { SqlParams, type Placeholder } from './sqlParams.js';

/**
 * Gaps: need with no project. The same membership rule as coverage (an area's
 * features are those whose point on surface it holds) and the same working
 * sites and lights, so a gap list and a ratio never disagree.
 */
export interface GapRow {
  geometry: object;
  properties: Record<string, unknown>;
}

/**
 * Where gaps are looked for: an area and everything below it (the ranked list
 * of /api/gaps), or a vector tile (queries/tiles.ts). Either way each kind of
 * gap is the same statement, so the map and the list show the same need.
 */
export interface GapScope {
  /** The CTEs the scope needs, for after WITH RECURSIVE. */
  ctes: string;
  /** True when the feature `alias` (a compound, road or project, with area_id and geom) is in scope. */
  holds(alias: string): string;
  /**
   * Drainage reports that may make up a hotspot in scope, `radius` metres
   * being the hotspot's: for a tile, those around it as well, since a
   * hotspot may straddle its edge.
   */
  clusterable(alias: string, radius: string): string;
  /** The SRID (metres) hotspots are clustered in. */
  utm: string;
}

/** The area `area` and every area below it. */
function areaScope(area: Placeholder): GapScope {
  return {
    ctes: areaTree(area),
    holds: (alias) => `${alias}.area_id IN (SELECT id FROM tree)`,
    clusterable: (alias) => `${alias}.area_id IN (SELECT id FROM tree)`,
    utm: `(SELECT ${utmSrid('geom')} FROM areas WHERE id = ${area})`,
  };
}

/**
 * The statements below select a scope's gaps of one kind as rows of id (the
 * compound's or road's; a hotspot's lowest project id), geom (as stored,
 * WGS 84), properties (jsonb) and weight, what they are ranked by (most
 * first). Their parameters' placeholders are given by the caller.
 */

/** A compound as a gap, ranked by its households. */
const COMPOUND_GAP = `c.id, c.geom,
           jsonb_build_object('compound_id', c.id, 'name', c.name, 'households', c.households, 'year_built', c.year_built) AS properties,
           c.households::float8 AS weight
      FROM compounds c`;

/** Compounds with no working charging site within `radius` metres. */
function uncoveredCompoundsSql(scope: GapScope, radius: Placeholder): string {
  return `
    SELECT ${COMPOUND_GAP}
     WHERE ${scope.holds('c')}
       AND NOT ${workingSiteWithin('c.id', radius)}`;
}

/** Old compounds (built in or before `year`) with no finished renovation. */
function unrenovatedOldCompoundsSql(scope: GapScope, year: Placeholder): string {
  return `
    SELECT ${COMPOUND_GAP}
     WHERE ${scope.holds('c')} AND c.year_built <= ${year}
       AND NOT EXISTS (
         SELECT 1 FROM projects p
          WHERE p.kind = 'compound' AND p.status IN ${FINISHED} AND p.deleted_at IS NULL
            AND ST_Intersects(p.geom, ST_PointOnSurface(c.geom))
       )`;
}

/** The parts of each road farther than `distance` metres from finished streetlight work. */
function unlitRoadStretchesSql(scope: GapScope, distance: Placeholder): string {
  return `
    SELECT id, unlit AS geom,
           jsonb_build_object('road_id', id, 'name', name, 'road_class', road_class, 'length_m', round(length_m::numeric, 1)) AS properties,
           length_m AS weight
      FROM (
        SELECT id, name, road_class, unlit, ST_Length(unlit::geography) AS length_m
          FROM (
            SELECT r.id, r.name, r.road_class,
                   COALESCE(
                     ST_Difference(r.geom, (
                       SELECT ST_Union(ST_Buffer(p.geom::geography, ${distance})::geometry)
                         FROM projects p
                        WHERE p.kind = 'streetlight' AND p.status IN ${FINISHED} AND p.deleted_at IS NULL
                          AND ST_DWithin(p.geom::geography, r.geom::geography, ${distance})
                     )),
                     r.geom
                   ) AS unlit
              FROM roads r
             WHERE ${scope.holds('r')}
          ) stretches
         WHERE NOT ST_IsEmpty(unlit)
      ) measured`;
}

/** Hotspots (DBSCAN: `reports` reports within `radius` metres) with at least one open report. */
function unresolvedHotspotsSql(scope: GapScope, radius: Placeholder, reports: Placeholder): string {
  return `
    SELECT min(id) AS id, ST_Collect(g) AS geom,
           jsonb_build_object('reports', count(*), 'open_reports', count(*) FILTER (WHERE status NOT IN ${FINISHED}),
                              'project_ids', jsonb_agg(id ORDER BY id)) AS properties,
           count(*)::float8 AS weight
      FROM (
        SELECT id, status, g, ST_ClusterDBSCAN(ST_Transform(g, ${scope.utm}), eps := ${radius}, minpoints := ${reports}) OVER () AS cluster
          FROM (
            SELECT p.id, p.status, ST_PointOnSurface(p.geom) AS g
              FROM projects p
             WHERE p.kind = 'drainage' AND p.deleted_at IS NULL AND p.status <> 'cancelled'
               AND ${scope.clusterable('p', radius)}
          ) blockages
      ) clustered
     WHERE cluster IS NOT NULL
     GROUP BY cluster
    HAVING bool_or(status NOT IN ${FINISHED})`;
}

/** A kind's gaps in a scope, its parameters added to `p`. */
export function gapsOfKind(p: SqlParams, scope: GapScope, kind: CoverageKind, params: CoverageParams): string {
  switch (kind) {
    case 'charging':
      return uncoveredCompoundsSql(scope, p.add(params.radius));
    case 'compound':
      return unrenovatedOldCompoundsSql(scope, p.add(params.year));
    case 'streetlight':
      return unlitRoadStretchesSql(scope, p.add(params.distance));
    case 'drainage':
      return unresolvedHotspotsSql(scope, p.add(params.hotspotRadius), p.add(params.hotspotReports));
  }
}

/**
 * An area's gaps of a kind as GeoJSON, the largest first (households,
 * metres of road, reports), at most `limit`.
 */
export async function rankedGaps(db: pg.Pool, areaId: number, kind: CoverageKind, params: CoverageParams, limit: number): Promise<GapRow[]> {
  const p = new SqlParams();
  const scope = areaScope(p.add(areaId));
  const { rows } = await db.query<GapRow>(
    `WITH RECURSIVE ${scope.ctes}
     SELECT ST_AsGeoJSON(g.geom, 6)::json AS geometry, g.properties
       FROM (${gapsOfKind(p, scope, kind, params)}) g
      ORDER BY g.weight DESC, g.id
      LIMIT ${p.add(limit)}`,
    p.values,
  );
  return rows;
}

/**
 * Households not covered by charging, summed on a hexagon grid of `size`
 * metres in the area's UTM zone. Each compound falls in the hexagon holding
 * its point on surface; only hexagons with uncovered households are returned.
 */
export async function uncoveredHouseholdGrid(db: pg.Pool, areaId: number, radius: number, size: number): Promise<GapRow[]> {
  const p = new SqlParams();
  const area = p.add(areaId);
  const { rows } = await db.query<GapRow>(
    `WITH RECURSIVE ${areaTree(area)},
     zone AS (SELECT ${utmSrid('geom')} AS utm FROM areas WHERE id = ${area}),
     uncovered AS (
       SELECT c.id, c.households, ST_Transform(ST_PointOnSurface(c.geom), (SELECT utm FROM zone)) AS g
         FROM compounds c
        WHERE c.area_id IN (SELECT id FROM tree)
          AND NOT ${workingSiteWithin('c.id', p.add(radius))}
     ),
     cells AS (
       -- A point on a shared edge touches two hexagons: it counts once, in the first.
       SELECT DISTINCT ON (u.id) u.id, u.households, h.i, h.j, h.geom AS hex
         FROM uncovered u
        CROSS JOIN LATERAL ST_HexagonGrid(${p.add(size)}, ST_Expand(u.g, 0.001)) AS h
        WHERE ST_Intersects(h.geom, u.g)
        ORDER BY u.id, h.i, h.j
     )
     SELECT ST_AsGeoJSON(ST_Transform((array_agg(hex))[1], 4326), 6)::json AS geometry,
            json_build_object('i', i, 'j', j, 'households_uncovered', sum(households), 'compounds', count(*)) AS properties
       FROM cells
      GROUP BY i, j
      ORDER BY sum(households) DESC, i, j`,
    p.values,
  );
  return rows;
}
