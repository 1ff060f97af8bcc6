import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';

/**
 * Gaps — need with no project — drawn above everything else while the
 * coverage panel is open: uncovered or unrenovated compounds, unlit road
 * stretches, unresolved drainage hotspots, each with its rank.
 */
export const GAP_SOURCE = 'gaps';
export const GAP_LAYER_IDS = ['gap-fill', 'gap-line', 'gap-point', 'gap-rank'];

const GAP = '#d7301f';
const geometryIs = (...types: string[]) => ['in', ['geometry-type'], ['literal', types]] as ExpressionSpecification;

export function gapLayers(): LayerSpecification[] {
  return [
    {
      id: 'gap-fill',
      type: 'fill',
      source: GAP_SOURCE,
      filter: geometryIs('Polygon', 'MultiPolygon'),
      paint: { 'fill-color': GAP, 'fill-opacity': 0.35, 'fill-outline-color': GAP },
    },
    {
      id: 'gap-line',
      type: 'line',
      source: GAP_SOURCE,
      filter: geometryIs('LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'),
      layout: { 'line-cap': 'round' },
      paint: {
        'line-color': GAP,
        'line-width': ['case', geometryIs('LineString', 'MultiLineString'), 4, 1.5],
        'line-dasharray': [1.5, 1],
      },
    },
    {
      id: 'gap-point',
      type: 'circle',
      source: GAP_SOURCE,
      filter: geometryIs('Point', 'MultiPoint'),
      paint: { 'circle-radius': 7, 'circle-color': 'rgba(215,48,31,0.25)', 'circle-stroke-color': GAP, 'circle-stroke-width': 2 },
    },
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
