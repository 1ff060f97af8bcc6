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
 * geography index of every project. `mercator` is `place` in EPSG:3857,
 * when the query has it already: it appears three times, and projecting a
 * compound's outline once rather than per probe saves a third of the time.
 */
export function workingSiteWithin(place: string, radius: string, mercator = `ST_Transform(${place}, 3857)`): string {
  // One type for the parameter wherever it appears, or PostgreSQL may deduce two.
  const metres = `(${radius})::double precision`;
  // A site within R lies within R / 110 km of latitude (a degree is at least 110.5 km).
  const latitudeReach = `${metres} / 110000.0`;
  const farthestLat = `least(89, greatest(abs(ST_YMax(${place})), abs(ST_YMin(${place}))) + ${latitudeReach})`;
  const nearestLat = `greatest(0, least(abs(ST_YMax(${place})), abs(ST_YMin(${place}))) - ${latitudeReach})`;
  return `EXISTS (
    SELECT 1 FROM projects site
     WHERE site.kind = 'charging' AND site.status IN ${FINISHED} AND site.deleted_at IS NULL
       AND ST_DWithin(ST_Transform(site.geom, 3857), ${mercator}, ${metres} * 1.02 / cos(radians(${farthestLat})))
       AND (ST_DWithin(ST_Transform(site.geom, 3857), ${mercator}, ${metres} * 0.98 / cos(radians(${nearestLat})))
            OR ST_DWithin(site.geom::geography, ${place}::geography, ${metres})))`;
}
