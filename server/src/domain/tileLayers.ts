import { AREA_LEVELS, type AreaLevel } from './area.js';

/** The zooms a layer serves, both inclusive. */
export interface ZoomRange {
  minZoom: number;
  maxZoom: number;
}

export interface TileLayer extends ZoomRange {
  /** Seconds a browser or proxy may reuse a tile before asking again (with its ETag). */
  maxAge: number;
}

/**
 * The vector tile layers: each tile holds one layer of this name.
 *
 * Projects start at zoom 10, where a tile is about a county (35 km here):
 * below it a tile of raw points grows past what a map should download
 * (605 KB for 22,000 points at zoom 8, see POSTGIS-NOTES); aggregates belong
 * there. Above 16 a tile unit is under 15 cm, finer than any survey of ours,
 * so maps enlarge zoom 16. Projects change during the day (and become overdue
 * at midnight): a minute of caching. Boundaries change rarely: an hour.
 * Gaps are drawn over a district or closer, as the coverage panel shows
 * them, and move with the projects: from zoom 10, a minute.
 */
export const TILE_LAYERS = {
  projects: { minZoom: 10, maxZoom: 16, maxAge: 60 },
  areas: { minZoom: 5, maxZoom: 14, maxAge: 3600 },
  gaps: { minZoom: 10, maxZoom: 16, maxAge: 60 },
} as const satisfies Record<string, TileLayer>;

/**
 * Projects tiles below `belowZoom` are overviews: their points are counted
 * per cell of `cellsPerSide`² over the tile, a cell alone its project, more
 * a count. A cell is 512 of the tile's 4,096 units, 64 pixels of a
 * 512-pixel tile: like the 40-pixel radius the list's map clusters with, it
 * leaves room for a count's circle (up to 48 pixels across) beside the
 * next. From zoom 14 (a tile of 2.5 km) every project is in its tile,
 * whole, with title, area, unit and deadline.
 */
export const TILE_OVERVIEW = { belowZoom: 14, cellsPerSide: 8 } as const;

export type TileLayerName = keyof typeof TILE_LAYERS;

export const TILE_LAYER_NAMES = Object.keys(TILE_LAYERS) as TileLayerName[];

/**
 * The zoom from which each level of area is in the tiles: the same zooms the
 * map draws their boundaries from, so a tile carries no polygon that no style
 * shows (a district's 150 communities at zoom 5 are just noise and bytes).
 */
export const AREA_LEVEL_MIN_ZOOM: Record<AreaLevel, number> = { district: 5, street: 9, community: 11 };

/** The levels of area a tile of zoom z holds. */
export function areaLevelsAt(z: number): AreaLevel[] {
  return AREA_LEVELS.filter((level) => z >= AREA_LEVEL_MIN_ZOOM[level]);
}
