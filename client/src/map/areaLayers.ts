import type { LayerSpecification } from 'maplibre-gl';

export const AREA_SOURCE = 'areas';

/** District, street and community boundaries with their names. */
export function areaLayers(nameField: 'name' | 'name_en'): LayerSpecification[] {
  return [
    {
      id: 'area-fill',
      type: 'fill',
      source: AREA_SOURCE,
      filter: ['==', ['get', 'level'], 'district'],
      paint: { 'fill-color': '#eef1f4', 'fill-opacity': 0.6 },
    },
    {
      id: 'area-street-line',
      type: 'line',
      source: AREA_SOURCE,
      filter: ['==', ['get', 'level'], 'street'],
      minzoom: 9,
      paint: { 'line-color': '#8a99a8', 'line-width': 1, 'line-dasharray': [3, 2] },
    },
    {
      id: 'area-district-line',
      type: 'line',
      source: AREA_SOURCE,
      filter: ['==', ['get', 'level'], 'district'],
      paint: { 'line-color': '#5b6b7b', 'line-width': 1.5 },
    },
    {
      id: 'area-label',
      type: 'symbol',
      source: AREA_SOURCE,
      filter: ['==', ['get', 'level'], 'district'],
      layout: { 'text-field': ['get', nameField], 'text-size': 13, 'text-font': ['sans-serif'] },
      paint: { 'text-color': '#34404c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ];
}
