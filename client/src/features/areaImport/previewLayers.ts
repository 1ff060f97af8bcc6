import type { FeatureCollection } from 'geojson';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { plainStyle } from '../../map/basemap.js';
import type { AreaImport, AreaImportRow } from './api.js';

/** The colours of a preview's outcomes, shared by the map and its legend. */
export const OUTCOME_COLOURS = { create: '#2e7d32', update: '#1f5f99', rejected: '#c62828', gap: '#d84315' } as const;

export const ROWS_SOURCE = 'import-rows';
export const GAPS_SOURCE = 'import-gaps';

export function rowsCollection(rows: AreaImportRow[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: rows
      .filter((r) => r.geometry !== null)
      .map((r) => ({
        type: 'Feature',
        id: r.row_number,
        geometry: r.geometry as GeoJSON.Geometry,
        properties: { name: r.name ?? '', outcome: r.outcome, warned: r.warnings.length > 0 },
      })),
  };
}

export function gapsCollection(gaps: AreaImport['gaps']): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: gaps.filter((g) => g.geometry !== null).map((g, i) => ({ type: 'Feature', id: i, geometry: g.geometry as GeoJSON.Geometry, properties: { parent: g.parent_name } })),
  };
}

const byOutcome = ['match', ['get', 'outcome'], 'create', OUTCOME_COLOURS.create, 'update', OUTCOME_COLOURS.update, OUTCOME_COLOURS.rejected];

/** The preview as a style: each area filled by its outcome and named, the gaps in strong red over them. */
export function previewStyle(rows: FeatureCollection, gaps: FeatureCollection): StyleSpecification {
  const style = plainStyle();
  style.sources[ROWS_SOURCE] = { type: 'geojson', data: rows };
  style.sources[GAPS_SOURCE] = { type: 'geojson', data: gaps };
  const layers: LayerSpecification[] = [
    { id: 'rows-fill', type: 'fill', source: ROWS_SOURCE, paint: { 'fill-color': byOutcome as never, 'fill-opacity': 0.18 } },
    { id: 'rows-line', type: 'line', source: ROWS_SOURCE, paint: { 'line-color': byOutcome as never, 'line-width': ['case', ['get', 'warned'], 2.5, 1.2] } },
    { id: 'gaps-fill', type: 'fill', source: GAPS_SOURCE, paint: { 'fill-color': OUTCOME_COLOURS.gap, 'fill-opacity': 0.65 } },
    { id: 'gaps-line', type: 'line', source: GAPS_SOURCE, paint: { 'line-color': OUTCOME_COLOURS.gap, 'line-width': 2 } },
    {
      id: 'rows-label',
      type: 'symbol',
      source: ROWS_SOURCE,
      layout: { 'text-field': ['get', 'name'], 'text-size': 13, 'text-font': ['sans-serif'], 'text-padding': 2 },
      paint: { 'text-color': '#1d2630', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ];
  style.layers.push(...layers);
  return style;
}
