import { TILE_LAYERS } from '../../../server/src/domain/tileLayers.js';
import { filterParams, type ProjectFilters } from '../state/viewState.js';

/**
 * How the map draws the projects: every one of them from the list (GeoJSON,
 * clustered), or, when the filters select too many to load, vector tiles of
 * them from the zoom tiles start, and counts per area below it.
 */
export type DrawMode = 'geojson' | 'tiles';

/** The zooms the server has project tiles for; the map enlarges the last beyond it. */
export const PROJECT_TILE_ZOOMS = { minzoom: TILE_LAYERS.projects.minZoom, maxzoom: TILE_LAYERS.projects.maxZoom };

/**
 * The mode for the filters, or undefined until their count is known. A
 * threshold of 0 is tiles always, without waiting for the count.
 */
export function projectDrawMode(threshold: number | undefined, total: number | undefined): DrawMode | undefined {
  if (threshold === 0) return 'tiles';
  if (threshold === undefined || total === undefined) return undefined;
  return total > threshold ? 'tiles' : 'geojson';
}

/**
 * The tile URL template for the filters: the list's own query parameters, so
 * the tiles select what the list would. Absolute, as MapLibre's worker (which
 * fetches the tiles) resolves nothing against the page. `version` (see
 * tileVersion) goes in as `v`, which the server does not read: tiles are
 * cached for a minute, and a new version is a new URL, so an edit shows at
 * once instead of when the cached tile expires.
 */
export function projectTileUrl(filters: ProjectFilters, origin: string, version?: string): string {
  const query = filterParams(filters);
  if (version) query.set('v', version);
  const text = query.toString();
  return `${origin}/tiles/projects/{z}/{x}/{y}.mvt${text ? `?${text}` : ''}`;
}

/**
 * A version of what the filters select: their number and their latest change.
 * Any edit to one of them, or one joining or leaving them, moves it (a delete
 * lowers the number); the summary that carries both is refetched after every
 * edit made here.
 */
export function tileVersion(summary: { total: number; changed_at: string | null }): string {
  return `${summary.total}-${summary.changed_at ?? 'none'}`;
}

/**
 * The filters a unit user's map asks tiles for. The server cuts such a user's
 * list to its own unit, but not tiles, which are public and shared by caches:
 * the map asks for the unit itself, so that it shows what the list counts.
 * Filters that name other units only are left as they are (the list is then
 * empty, and the map shows those units' public projects).
 */
export function scopedToUnit(filters: ProjectFilters, unitId: number | null | undefined): ProjectFilters {
  if (unitId === null || unitId === undefined) return filters;
  if (filters.units.length > 0 && !filters.units.includes(unitId)) return filters;
  return { ...filters, units: [unitId] };
}

type Box = [number, number, number, number];

/**
 * The box the map shows, as the list's bbox filter takes it: within the
 * world's longitudes and latitudes (a map zoomed out shows more than one
 * world), and rounded to 5 decimals (about a metre) so that the same view
 * asks the same question.
 */
export function viewBox([[west, south], [east, north]]: [[number, number], [number, number]]): Box {
  const round = (n: number) => Math.round(n * 1e5) / 1e5;
  const clamp = (n: number, limit: number) => Math.min(limit, Math.max(-limit, n));
  return [round(clamp(west, 180)), round(clamp(south, 90)), round(clamp(east, 180)), round(clamp(north, 90))];
}
