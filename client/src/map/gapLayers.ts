import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap, VectorTileSource } from 'maplibre-gl';
import { TILE_LAYERS } from '../../../server/src/domain/tileLayers.js';
import { setLayerVisibility } from './layerVisibility.js';

/**
 * Gaps — need with no project — drawn above everything else while the
 * coverage panel is open: uncovered or unrenovated compounds, unlit road
 * stretches, unresolved drainage hotspots. The largest (the ranked list,
 * GeoJSON) in full with their rank; every other gap of the area from the
 * gaps tiles, paler, from the zoom those start at.
 */
export const GAP_SOURCE = 'gaps';
export const GAP_LAYER_IDS = ['gap-fill', 'gap-line', 'gap-point', 'gap-rank'];
export const GAP_TILE_SOURCE = 'gap-tiles';

const GAP = '#d7301f';
const geometryIs = (...types: string[]) => ['in', ['geometry-type'], ['literal', types]] as ExpressionSpecification;

type Source = { source: string } | { source: string; 'source-layer': string };

/** Fill, line and point layers of gaps from `source`, at `strength` (1: the ranked ones). */
function gapShapeLayers(prefix: string, from: Source, strength: number): LayerSpecification[] {
  return [
    {
      id: `${prefix}-fill`,
      type: 'fill',
      ...from,
      filter: geometryIs('Polygon', 'MultiPolygon'),
      paint: { 'fill-color': GAP, 'fill-opacity': 0.35 * strength, 'fill-outline-color': GAP },
    },
    {
      id: `${prefix}-line`,
      type: 'line',
      ...from,
      filter: geometryIs('LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'),
      layout: { 'line-cap': 'round' },
      paint: {
        'line-color': GAP,
        'line-opacity': strength,
        'line-width': ['case', geometryIs('LineString', 'MultiLineString'), 4, 1.5],
        'line-dasharray': [1.5, 1],
      },
    },
    {
      id: `${prefix}-point`,
      type: 'circle',
      ...from,
      filter: geometryIs('Point', 'MultiPoint'),
      paint: {
        'circle-radius': 7,
        'circle-color': `rgba(215,48,31,${0.25 * strength})`,
        'circle-stroke-color': GAP,
        'circle-stroke-opacity': strength,
        'circle-stroke-width': 2,
      },
    },
  ];
}

/** The ranked gaps, with the rank of the first ten. */
export function gapLayers(): LayerSpecification[] {
  return [
    ...gapShapeLayers('gap', { source: GAP_SOURCE }, 1),
    {
      id: 'gap-rank',
      type: 'symbol',
      source: GAP_SOURCE,
      filter: ['<=', ['get', 'rank'], 10],
      layout: { 'text-field': ['to-string', ['get', 'rank']], 'text-size': 12, 'text-font': ['sans-serif'], 'symbol-placement': 'point' },
      paint: { 'text-color': '#ffffff', 'text-halo-color': GAP, 'text-halo-width': 2 },
    },
  ];
}

/** Every gap, from the gaps tiles: paler than the ranked ones drawn over them. */
export function gapTileLayers(): LayerSpecification[] {
  return gapShapeLayers('gap-tile', { source: GAP_TILE_SOURCE, 'source-layer': 'gaps' }, 0.55);
}

export const GAP_TILE_LAYER_IDS = gapTileLayers().map((l) => l.id);

/**
 * Draws every gap from tiles of `url`, beneath the ranked gaps, or none
 * (undefined). The source is added once; a new URL only changes its tiles.
 */
export function showGapTiles(map: MapLibreMap, url: string | undefined): void {
  const source = map.getSource<VectorTileSource>(GAP_TILE_SOURCE);
  if (url !== undefined && !source) {
    map.addSource(GAP_TILE_SOURCE, { type: 'vector', tiles: [url], minzoom: TILE_LAYERS.gaps.minZoom, maxzoom: TILE_LAYERS.gaps.maxZoom });
    for (const layer of gapTileLayers()) map.addLayer(layer, 'gap-fill');
  } else if (url !== undefined && source && source.tiles?.[0] !== url) {
    source.setTiles([url]);
  }
  const visibility = url === undefined ? 'none' : 'visible';
  for (const id of GAP_TILE_LAYER_IDS) setLayerVisibility(map, id, visibility);
}
