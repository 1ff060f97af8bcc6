import type { FeatureCollection, Point } from 'geojson';
import type { FilterSpecification, LayerSpecification } from 'maplibre-gl';
import type { AreaCollection } from '../api/types.js';

export const AREA_SOURCE = 'areas';
export const AREA_LABEL_SOURCE = 'area-labels';

/** One label point per area, so a name is drawn once however many tiles its polygon spans. */
export function areaLabelPoints(areas: AreaCollection): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: areas.features.map((a) => ({
      type: 'Feature',
      id: a.id,
      geometry: { type: 'Point', coordinates: a.properties.label_point },
      properties: { name: a.properties.name, name_en: a.properties.name_en, level: a.properties.level },
    })),
  };
}

const byLevel = (level: string) => ['==', ['get', 'level'], level] as ['==', ['get', string], string];

/** District, street and community boundaries, the chosen area drawn heavier, and their names. */
export function areaLayers(nameField: 'name' | 'name_en', selectedArea: number | undefined): LayerSpecification[] {
  const selected = ['==', ['id'], selectedArea ?? -1];
  return [
    { id: 'area-fill', type: 'fill', source: AREA_SOURCE, filter: byLevel('district'), paint: { 'fill-color': '#e8edf2', 'fill-opacity': 0.5 } },
    {
      id: 'area-community-line',
      type: 'line',
      source: AREA_SOURCE,
      filter: byLevel('community'),
      minzoom: 11,
      paint: { 'line-color': '#a3b1bf', 'line-width': 0.8, 'line-dasharray': [2, 2] },
    },
    {
      id: 'area-street-line',
      type: 'line',
      source: AREA_SOURCE,
      filter: byLevel('street'),
      minzoom: 9,
      paint: { 'line-color': '#7d8d9c', 'line-width': 1.2, 'line-dasharray': [4, 2] },
    },
    { id: 'area-district-line', type: 'line', source: AREA_SOURCE, filter: byLevel('district'), paint: { 'line-color': '#4f5f6f', 'line-width': 1.5 } },
    {
      id: 'area-selected-line',
      type: 'line',
      source: AREA_SOURCE,
      filter: selected as FilterSpecification,
      paint: { 'line-color': '#1f4e79', 'line-width': 3 },
    },
    {
      id: 'area-label',
      type: 'symbol',
      source: AREA_LABEL_SOURCE,
      layout: {
        'text-field': ['get', nameField],
        'text-size': ['match', ['get', 'level'], 'district', 14, 'street', 12, 11],
        'text-font': ['sans-serif'],
        'text-padding': 4,
      },
      filter: ['any', byLevel('district'), ['all', byLevel('street'), ['>=', ['zoom'], 10]], ['all', byLevel('community'), ['>=', ['zoom'], 12]]],
      paint: { 'text-color': '#34404c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ];
}
