import type { FeatureCollection, Geometry } from 'geojson';
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { KINDS } from '../../../server/src/domain/kinds/index.js';
import type { ProjectListFeature } from '../api/types.js';

/** Points are clustered where they crowd; lines and polygons are drawn as they are. */
export const POINT_SOURCE = 'project-points';
export const SHAPE_SOURCE = 'project-shapes';

export const CLUSTER_MAX_ZOOM = 12;

const OVERDUE = '#b00020';
const CANCELLED = '#9aa5b1';

/** Splits projects into the clustered point source and the shape source. */
export function splitByGeometry(features: ProjectListFeature[]): { points: FeatureCollection; shapes: FeatureCollection } {
  const points: FeatureCollection['features'] = [];
  const shapes: FeatureCollection['features'] = [];
  for (const f of features) {
    const feature = { type: 'Feature' as const, id: f.id, geometry: f.geometry as unknown as Geometry, properties: f.properties };
    (f.geometry.type === 'Point' ? points : shapes).push(feature);
  }
  return { points: { type: 'FeatureCollection', features: points }, shapes: { type: 'FeatureCollection', features: shapes } };
}

const isDone = ['in', ['get', 'status'], ['literal', ['completed', 'verified']]] as ExpressionSpecification;
const isCancelled = ['==', ['get', 'status'], 'cancelled'] as ExpressionSpecification;
const isOverdue = ['==', ['get', 'overdue'], true] as ExpressionSpecification;

/** Status by style: open items full colour, overdue ringed in red, done pale, cancelled grey. */
function fillColor(color: string): ExpressionSpecification {
  return ['case', isCancelled, CANCELLED, color];
}
const opacity: ExpressionSpecification = ['case', isDone, 0.45, isCancelled, 0.5, 0.95];

/** A kind's lines and polygons; they lie beneath every point and cluster. */
function kindShapeLayers(kind: (typeof KINDS)[number]): LayerSpecification[] {
  const ofKind = ['==', ['get', 'kind'], kind.code] as ExpressionSpecification;
  return [
    {
      id: `project-${kind.code}-fill`,
      type: 'fill',
      source: SHAPE_SOURCE,
      filter: ['all', ofKind, ['==', ['geometry-type'], 'Polygon']],
      paint: { 'fill-color': fillColor(kind.color), 'fill-opacity': ['*', opacity, 0.45] },
    },
    {
      id: `project-${kind.code}-line`,
      type: 'line',
      source: SHAPE_SOURCE,
      filter: ofKind,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['case', isOverdue, OVERDUE, fillColor(kind.color)],
        'line-width': ['case', ['==', ['geometry-type'], 'LineString'], ['case', isOverdue, 5, 4], ['case', isOverdue, 2.5, 1.5]],
        'line-opacity': opacity,
      },
    },
  ];
}

/** A kind's points, where they are not clustered, with the kind's character at close zoom. */
function kindPointLayers(kind: (typeof KINDS)[number]): LayerSpecification[] {
  const ofKind = ['==', ['get', 'kind'], kind.code] as ExpressionSpecification;
  const unclustered = ['all', ofKind, ['!', ['has', 'point_count']]] as ExpressionSpecification;
  return [
    {
      id: `project-${kind.code}-point`,
      type: 'circle',
      source: POINT_SOURCE,
      filter: unclustered,
      paint: {
        'circle-color': fillColor(kind.color),
        'circle-opacity': opacity,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 5, 15, 10],
        'circle-stroke-color': ['case', isOverdue, OVERDUE, '#ffffff'],
        'circle-stroke-width': ['case', isOverdue, 3, 1.2],
      },
    },
    {
      id: `project-${kind.code}-symbol`,
      type: 'symbol',
      source: POINT_SOURCE,
      filter: unclustered,
      minzoom: 13,
      layout: { 'text-field': kind.symbol, 'text-size': 11, 'text-font': ['sans-serif'], 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    },
  ];
}

/** Ids of the layers a click can pick a project from. */
export const PROJECT_LAYER_IDS = KINDS.flatMap((k) => [`project-${k.code}-point`, `project-${k.code}-line`, `project-${k.code}-fill`]);

export function projectLayers(selected: number | undefined): LayerSpecification[] {
  const isSelected = ['==', ['id'], selected ?? -1] as ExpressionSpecification;
  return [
    ...KINDS.flatMap(kindShapeLayers),
    {
      id: 'project-clusters',
      type: 'circle',
      source: POINT_SOURCE,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': '#1f4e79',
        'circle-opacity': 0.85,
        'circle-radius': ['step', ['get', 'point_count'], 14, 10, 18, 50, 24],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'project-cluster-count',
      type: 'symbol',
      source: POINT_SOURCE,
      filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 12, 'text-font': ['sans-serif'], 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    },
    ...KINDS.flatMap(kindPointLayers),
    {
      id: 'project-selected-shape',
      type: 'line',
      source: SHAPE_SOURCE,
      filter: isSelected,
      paint: { 'line-color': '#111827', 'line-width': 7, 'line-opacity': 0.35 },
    },
    {
      id: 'project-selected-point',
      type: 'circle',
      source: POINT_SOURCE,
      filter: isSelected,
      paint: { 'circle-radius': 16, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#111827', 'circle-stroke-width': 3 },
    },
  ];
}
