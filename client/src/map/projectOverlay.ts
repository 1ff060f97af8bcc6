import type { GeoJSONSource, Map as MapLibreMap, VectorTileSource } from 'maplibre-gl';
import { AGGREGATE_CIRCLE_IDS, AGGREGATE_SOURCE, aggregateLayers } from './aggregateLayers.js';
import { EMPTY_COLLECTION } from './emptyCollection.js';
import { setLayerVisibility } from './layerVisibility.js';
import { CLUSTER_LAYER_IDS, PROJECT_TILE_LAYER_IDS, projectLayers, projectTileLayers, SELECTION_SOURCE, selectionFilters, TILE_SOURCE } from './projectLayers.js';
import { PROJECT_TILE_ZOOMS, type DrawMode } from './projectTiles.js';

/** The layers each mode draws: the GeoJSON ones, or the tiles' and the counts' beneath them. */
const LAYERS_OF: Record<DrawMode, string[]> = {
  geojson: projectLayers(undefined).map((l) => l.id),
  tiles: [...projectTileLayers(undefined), ...aggregateLayers()].map((l) => l.id),
};

/** Which project layers show in a mode: those of the mode, and none of the other's (whose source then loads nothing). */
export function layerVisibility(mode: DrawMode): Record<string, 'visible' | 'none'> {
  const other: DrawMode = mode === 'tiles' ? 'geojson' : 'tiles';
  return Object.fromEntries([...LAYERS_OF[mode].map((id) => [id, 'visible']), ...LAYERS_OF[other].map((id) => [id, 'none'])]);
}

/** Gaps are drawn above every project, whichever way the projects are drawn. */
const BELOW = 'gap-fill';

/**
 * Adds the tile source and its layers, and the counts' source and layers,
 * the first time the map needs them; a map that never has too many projects
 * never has them.
 */
function addTileOverlay(map: MapLibreMap, url: string, selected: number | undefined): void {
  map.addSource(TILE_SOURCE, { type: 'vector', tiles: [url], ...PROJECT_TILE_ZOOMS });
  map.addSource(AGGREGATE_SOURCE, { type: 'geojson', data: EMPTY_COLLECTION });
  map.addSource(SELECTION_SOURCE, { type: 'geojson', data: EMPTY_COLLECTION });
  const before = map.getLayer(BELOW) ? BELOW : undefined;
  for (const layer of [...projectTileLayers(selected), ...aggregateLayers()]) map.addLayer(layer, before);
  for (const layer of [...PROJECT_TILE_LAYER_IDS, CLUSTER_LAYER_IDS.tiles, ...AGGREGATE_CIRCLE_IDS]) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
}

/**
 * Draws the projects from tiles of `url` (a template of the filters), with
 * the counts: the source is added once, and later filters only change its
 * URL (setTiles), so the map is not rebuilt.
 */
export function showProjectTiles(map: MapLibreMap, url: string, selected: number | undefined): void {
  const source = map.getSource<VectorTileSource>(TILE_SOURCE);
  if (!source) addTileOverlay(map, url, selected);
  else if (source.tiles?.[0] !== url) source.setTiles([url]);
  setVisibility(map, 'tiles');
}

/** Back to drawing every project from GeoJSON. */
export function hideProjectTiles(map: MapLibreMap): void {
  if (map.getSource(TILE_SOURCE)) setVisibility(map, 'geojson');
}

export function setAggregates(map: MapLibreMap, data: GeoJSON.FeatureCollection | undefined): void {
  map.getSource<GeoJSONSource>(AGGREGATE_SOURCE)?.setData(data ?? EMPTY_COLLECTION);
}

function setVisibility(map: MapLibreMap, mode: DrawMode): void {
  for (const [id, visibility] of Object.entries(layerVisibility(mode))) setLayerVisibility(map, id, visibility);
}

/** The selected project (undefined: none, or not loaded yet) for the tiles' ring, once the map draws tiles. */
export function setSelectedProject(map: MapLibreMap, project: GeoJSON.Feature | undefined): void {
  map.getSource<GeoJSONSource>(SELECTION_SOURCE)?.setData(project ? { type: 'FeatureCollection', features: [project] } : EMPTY_COLLECTION);
}

/** Rings the selected project in whichever layers there are. */
export function showSelection(map: MapLibreMap, selected: number | undefined): void {
  for (const [id, filter] of Object.entries(selectionFilters(selected))) {
    if (map.getLayer(id)) map.setFilter(id, filter);
  }
}

/** The layer ids of these that the map has: querying a layer it does not have is an error. */
export function existingLayers(map: MapLibreMap, ids: readonly string[]): string[] {
  return ids.filter((id) => map.getLayer(id) !== undefined);
}
