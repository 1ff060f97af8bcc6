import type { StyleSpecification } from 'maplibre-gl';
import { AREA_SOURCE, areaLayers } from './areaLayers.js';
import { PROJECT_SOURCE, projectLayers } from './projectLayers.js';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/**
 * The map's style as data. No basemap and no `glyphs`: labels are drawn from
 * local fonts, so the map works with no tile or glyph server in reach.
 */
export function mapStyle(nameField: 'name' | 'name_en'): StyleSpecification {
  return {
    version: 8,
    sources: {
      [AREA_SOURCE]: { type: 'geojson', data: EMPTY },
      [PROJECT_SOURCE]: { type: 'geojson', data: EMPTY },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f8f9fa' } },
      ...areaLayers(nameField),
      ...projectLayers(),
    ],
  };
}
