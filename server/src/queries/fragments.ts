import { DONE_STATUSES } from '../domain/status.js';
import type { Placeholder } from './sqlParams.js';

/**
 * SQL pieces the coverage and gap queries share, so a list of gaps and the
 * ratio it explains are computed from the very same definitions.
 */

/** `tree`: the area whose id is `area` and every area below it (none when it is NULL). Use after WITH RECURSIVE. */
export function areaTree(area: Placeholder): string {
  return `
  tree AS (
    SELECT id FROM areas WHERE id = ${area}::integer
    UNION ALL
    SELECT a.id FROM areas a JOIN tree t ON a.parent_id = t.id
  )`;
}

/** The domain's finished statuses as an SQL list (constants, never user input). */
export const FINISHED = `(${DONE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** The SRID of the UTM zone (north) holding the centroid of `geom`: metres for DBSCAN and hexagons. */
export function utmSrid(geom: string): string {
  return `(32600 + floor((ST_X(ST_Centroid(${geom})) + 180) / 6)::integer + 1)`;
}

/**
 * True when a working charging site lies within `radius` metres (on the
 * spheroid) of the compound whose id is `compoundId`. The distance from
 * every compound to its nearest working site is kept in
 * compound_charging_reach by triggers (migration 0009), up to
 * charging_reach_cap() metres, which bounds every radius the API accepts.
 */
export function workingSiteWithin(compoundId: string, radius: string): string {
  return `EXISTS (
    SELECT 1 FROM compound_charging_reach reach
     WHERE reach.compound_id = ${compoundId} AND reach.nearest_m <= (${radius})::double precision)`;
}
