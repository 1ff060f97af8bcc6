import { DONE_STATUSES } from '../domain/status.js';

/**
 * SQL pieces the coverage and gap queries share, so a list of gaps and the
 * ratio it explains are computed from the very same definitions.
 */

/** `tree`: the area $1 and every area below it. Use after WITH RECURSIVE. */
export const AREA_TREE = `
  tree AS (
    SELECT id FROM areas WHERE id = $1
    UNION ALL
    SELECT a.id FROM areas a JOIN tree t ON a.parent_id = t.id
  )`;

/** The domain's finished statuses as an SQL list (constants, never user input). */
export const FINISHED = `(${DONE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** The SRID of the UTM zone (north) holding the centroid of `geom`: metres for DBSCAN and hexagons. */
export function utmSrid(geom: string): string {
  return `(32600 + floor((ST_X(ST_Centroid(${geom})) + 180) / 6)::integer + 1)`;
}

/**
 * True when a working charging site lies within `radius` metres (on the
 * spheroid) of `place`, an SQL geometry in EPSG:4326.
 *
 * Web Mercator stretches distances by 1 / cos(latitude), and differs from the
 * WGS 84 spheroid by under 0.5 % at these latitudes. So a Mercator distance
 * under radius × 0.98 / cos(φ_min) is surely within, over radius × 1.02 /
 * cos(φ_max) surely not (φ widened by the radius in degrees of latitude);
 * only the pairs between are measured on the spheroid. Both probes go through
 * projects_working_sites_mercator_idx (migration 0008): at 20,000 compounds
 * among a million projects this is three times faster than asking the
 * geography index of every project. `probe` names a row holding
 * probeColumns of `place`, when the query computed them once.
 */
export function workingSiteWithin(place: string, radius: string, probe?: string): string {
  const { mercator, outer, inner } = probe
    ? { mercator: `${probe}.probe_mercator`, outer: `${probe}.probe_outer`, inner: `${probe}.probe_inner` }
    : probeExpressions(place, radius);
  return `EXISTS (
    SELECT 1 FROM projects site
     WHERE site.kind = 'charging' AND site.status IN ${FINISHED} AND site.deleted_at IS NULL
       AND ST_DWithin(ST_Transform(site.geom, 3857), ${mercator}, ${outer})
       AND (ST_DWithin(ST_Transform(site.geom, 3857), ${mercator}, ${inner})
            OR ST_DWithin(site.geom::geography, ${place}::geography, (${radius})::double precision)))`;
}

/**
 * What workingSiteWithin computes of `place` for every probe, as columns
 * (probe_mercator, probe_outer, probe_inner) a query can compute once per
 * place in a CTE and hand over by the CTE's alias: each appears in the
 * index condition and again in the filter of every site it meets, and
 * projecting a compound's outline or reading its latitudes is most of a
 * probe's cost.
 */
export function probeColumns(place: string, radius: string): string {
  const { mercator, outer, inner } = probeExpressions(place, radius);
  return `${mercator} AS probe_mercator, ${outer} AS probe_outer, ${inner} AS probe_inner`;
}

/** `place` in Web Mercator, and the Mercator distances surely beyond (outer) and surely within (inner) `radius` metres of it. */
function probeExpressions(place: string, radius: string): { mercator: string; outer: string; inner: string } {
  // One type for the parameter wherever it appears, or PostgreSQL may deduce two.
  const metres = `(${radius})::double precision`;
  // A site within R lies within R / 110 km of latitude (a degree is at least 110.5 km).
  const latitudeReach = `${metres} / 110000.0`;
  const farthestLat = `least(89, greatest(abs(ST_YMax(${place})), abs(ST_YMin(${place}))) + ${latitudeReach})`;
  const nearestLat = `greatest(0, least(abs(ST_YMax(${place})), abs(ST_YMin(${place}))) - ${latitudeReach})`;
  return {
    mercator: `ST_Transform(${place}, 3857)`,
    outer: `${metres} * 1.02 / cos(radians(${farthestLat}))`,
    inner: `${metres} * 0.98 / cos(radians(${nearestLat}))`,
  };
}
