import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { KINDS } from '../../../server/src/domain/kinds/index.js';

export const PROJECT_SOURCE = 'projects';

/** Each kind's colour from the registry, so a new kind needs no change here. */
const kindColor: ExpressionSpecification = [
  'match',
  ['get', 'kind'],
  ...KINDS.flatMap((k) => [k.code, k.color]),
  '#777777',
] as unknown as ExpressionSpecification;

/** Overdue items get a dark red ring; finished ones are drawn paler. */
const doneOpacity: ExpressionSpecification = ['match', ['get', 'status'], ['completed', 'verified', 'cancelled'], 0.45, 0.95];

export function projectLayers(): LayerSpecification[] {
  return [
    {
      id: 'project-polygons',
      type: 'fill',
      source: PROJECT_SOURCE,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': kindColor, 'fill-opacity': ['*', doneOpacity, 0.5], 'fill-outline-color': kindColor },
    },
    {
      id: 'project-lines',
      type: 'line',
      source: PROJECT_SOURCE,
      filter: ['==', ['geometry-type'], 'LineString'],
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': kindColor, 'line-width': 4, 'line-opacity': doneOpacity },
    },
    {
      id: 'project-points',
      type: 'circle',
      source: PROJECT_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-color': kindColor,
        'circle-opacity': doneOpacity,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 3, 14, 7],
        'circle-stroke-color': ['case', ['get', 'overdue'], '#8b0000', '#ffffff'],
        'circle-stroke-width': ['case', ['get', 'overdue'], 2.5, 1],
      },
    },
  ];
}
