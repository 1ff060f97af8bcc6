import type { FeatureCollection, Geometry } from 'geojson';
import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { KINDS } from '../../../server/src/domain/kinds/index.js';
import type { ProjectListFeature } from '../api/types.js';

/** Points are clustered where they crowd; lines and polygons are drawn as they are. */
export const POINT_SOURCE = 'project-points';
export const SHAPE_SOURCE = 'project-shapes';
/** Every project as vector tiles, when there are too many to load: one source, one layer named like the server's. */
export const TILE_SOURCE = 'project-tiles';
export const TILE_SOURCE_LAYER = 'projects';
/**
 * The selected project alone, when the projects are tiles: below zoom 14 an
 * overview tile may count it among its cell's projects rather than draw it,
 * so its ring is drawn from the project as the panel has it.
 */
export const SELECTION_SOURCE = 'project-selection';

export const CLUSTER_MAX_ZOOM = 12;

/** From which zoom a project's point shows its kind's character, from either source. */
const SYMBOL_MIN_ZOOM = 13;

export const OVERDUE = '#b00020';
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

/**
 * Where a set of project layers reads its features: the two GeoJSON sources
 * (points clustered), or the one tile source holding every geometry, whose
 * points are told apart by their type. Layer ids start with `prefix`.
 */
interface ProjectSourceSpec {
  prefix: string;
  points: { source: string; 'source-layer'?: string };
  shapes: { source: string; 'source-layer'?: string };
  /** What a point layer draws: the unclustered points, or the tile's points. */
  pointFilter: ExpressionSpecification;
  /** Where the selected project's ring reads it from. */
  selection: { points: { source: string; 'source-layer'?: string }; shapes: { source: string; 'source-layer'?: string } };
}

const GEOJSON: ProjectSourceSpec = {
  prefix: 'project',
  points: { source: POINT_SOURCE },
  shapes: { source: SHAPE_SOURCE },
  pointFilter: ['!', ['has', 'point_count']],
  selection: { points: { source: POINT_SOURCE }, shapes: { source: SHAPE_SOURCE } },
};

const TILES: ProjectSourceSpec = {
  prefix: 'project-tile',
  points: { source: TILE_SOURCE, 'source-layer': TILE_SOURCE_LAYER },
  shapes: { source: TILE_SOURCE, 'source-layer': TILE_SOURCE_LAYER },
  // A point that is not a count of its overview cell's projects.
  pointFilter: ['all', ['==', ['geometry-type'], 'Point'], ['!', ['has', 'point_count']]],
  selection: { points: { source: SELECTION_SOURCE }, shapes: { source: SELECTION_SOURCE } },
};

const isDone = ['in', ['get', 'status'], ['literal', ['completed', 'verified']]] as ExpressionSpecification;
const isCancelled = ['==', ['get', 'status'], 'cancelled'] as ExpressionSpecification;
const isOverdue = ['==', ['get', 'overdue'], true] as ExpressionSpecification;

/** Status by style: open items full colour, overdue ringed in red, done pale, cancelled grey. */
function fillColor(color: string): ExpressionSpecification {
  return ['case', isCancelled, CANCELLED, color];
}
const opacity: ExpressionSpecification = ['case', isDone, 0.45, isCancelled, 0.5, 0.95];

/** A kind's lines and polygons; they lie beneath every point and cluster. */
function kindShapeLayers(spec: ProjectSourceSpec, kind: (typeof KINDS)[number]): LayerSpecification[] {
  const ofKind = ['==', ['get', 'kind'], kind.code] as ExpressionSpecification;
  return [
    {
      id: `${spec.prefix}-${kind.code}-fill`,
      type: 'fill',
      ...spec.shapes,
      filter: ['all', ofKind, ['==', ['geometry-type'], 'Polygon']],
      paint: { 'fill-color': fillColor(kind.color), 'fill-opacity': ['*', opacity, 0.45] },
    },
    {
      id: `${spec.prefix}-${kind.code}-line`,
      type: 'line',
      ...spec.shapes,
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
function kindPointLayers(spec: ProjectSourceSpec, kind: (typeof KINDS)[number]): LayerSpecification[] {
  const ofKind = ['==', ['get', 'kind'], kind.code] as ExpressionSpecification;
  const drawn = ['all', ofKind, spec.pointFilter] as ExpressionSpecification;
  return [
    {
      id: `${spec.prefix}-${kind.code}-point`,
      type: 'circle',
      ...spec.points,
      filter: drawn,
      paint: {
        'circle-color': fillColor(kind.color),
        'circle-opacity': opacity,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 5, 15, 10],
        'circle-stroke-color': ['case', isOverdue, OVERDUE, '#ffffff'],
        'circle-stroke-width': ['case', isOverdue, 3, 1.2],
      },
    },
    {
      id: `${spec.prefix}-${kind.code}-symbol`,
      type: 'symbol',
      ...spec.points,
      filter: drawn,
      minzoom: SYMBOL_MIN_ZOOM,
      layout: { 'text-field': kind.symbol, 'text-size': 11, 'text-font': ['sans-serif'], 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    },
  ];
}

/** Ids of the layers a click can pick a project from. */
const clickableIds = (spec: ProjectSourceSpec) =>
  KINDS.flatMap((k) => [`${spec.prefix}-${k.code}-point`, `${spec.prefix}-${k.code}-line`, `${spec.prefix}-${k.code}-fill`]);
export const PROJECT_LAYER_IDS = clickableIds(GEOJSON);
export const PROJECT_TILE_LAYER_IDS = clickableIds(TILES);

/**
 * The filters of the layers that ring the selected project, by layer id:
 * the GeoJSON ones, and the tile ones, which must keep to the points (a
 * circle layer would ring every vertex of a line or polygon).
 */
export function selectionFilters(selected: number | undefined): Record<string, FilterSpecification> {
  const isSelected = ['==', ['id'], selected ?? -1] as ExpressionSpecification;
  return {
    'project-selected-shape': isSelected,
    'project-selected-point': isSelected,
    'project-tile-selected-shape': ['all', isSelected, ['!=', ['geometry-type'], 'Point']],
    'project-tile-selected-point': ['all', isSelected, TILES.pointFilter],
  };
}

function selectionLayers(spec: ProjectSourceSpec, selected: number | undefined): LayerSpecification[] {
  const filters = selectionFilters(selected);
  return [
    {
      id: `${spec.prefix}-selected-shape`,
      type: 'line',
      ...spec.selection.shapes,
      filter: filters[`${spec.prefix}-selected-shape`],
      paint: { 'line-color': '#111827', 'line-width': 7, 'line-opacity': 0.35 },
    },
    {
      id: `${spec.prefix}-selected-point`,
      type: 'circle',
      ...spec.selection.points,
      filter: filters[`${spec.prefix}-selected-point`],
      paint: { 'circle-radius': 16, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#111827', 'circle-stroke-width': 3 },
    },
  ];
}

/**
 * What a cluster adds up besides its count, for the GeoJSON source: how many
 * of its projects are overdue, as the overview tiles count their cells.
 */
export const CLUSTER_PROPERTIES = { overdue_count: ['+', ['case', isOverdue, 1, 0]] } as const;

/**
 * The red ring of a count, from its properties `overdue` (how many of them
 * are overdue) and `total`: from 2 to 8 px as the overdue share goes from
 * nothing to everything, and a thin white ring when none is overdue.
 */
export function overdueRing(overdue: string, total: string): { 'circle-stroke-color': ExpressionSpecification; 'circle-stroke-width': ExpressionSpecification } {
  const any: ExpressionSpecification = ['>', ['get', overdue], 0];
  return {
    'circle-stroke-color': ['case', any, OVERDUE, '#ffffff'],
    'circle-stroke-width': ['case', any, ['+', 2, ['*', 6, ['/', ['get', overdue], ['get', total]]]], 1.5],
  };
}

/**
 * Counts of crowded points, the same from either source: a circle growing
 * with the count, the count inside, and a red ring as thick as the overdue
 * share, as the counts per area below have.
 */
function clusterLayers(spec: ProjectSourceSpec): LayerSpecification[] {
  const counted = ['has', 'point_count'] as ExpressionSpecification;
  return [
    {
      id: `${spec.prefix}-clusters`,
      type: 'circle',
      ...spec.points,
      filter: counted,
      layout: { 'circle-sort-key': ['get', 'point_count'] },
      paint: {
        'circle-color': '#1f4e79',
        'circle-opacity': 0.85,
        'circle-radius': ['step', ['get', 'point_count'], 13, 10, 16, 100, 20, 1000, 24],
        ...overdueRing('overdue_count', 'point_count'),
      },
    },
    {
      id: `${spec.prefix}-cluster-count`,
      type: 'symbol',
      ...spec.points,
      filter: counted,
      layout: {
        'text-field': ['number-format', ['get', 'point_count'], {}],
        'text-size': 12,
        'text-font': ['sans-serif'],
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
  ];
}

/** The layers a click on a count zooms in from. */
export const CLUSTER_LAYER_IDS = { geojson: 'project-clusters', tiles: 'project-tile-clusters' } as const;

/** Every project from the GeoJSON sources, points clustered up to CLUSTER_MAX_ZOOM. */
export function projectLayers(selected: number | undefined): LayerSpecification[] {
  return [
    ...KINDS.flatMap((k) => kindShapeLayers(GEOJSON, k)),
    ...clusterLayers(GEOJSON),
    ...KINDS.flatMap((k) => kindPointLayers(GEOJSON, k)),
    ...selectionLayers(GEOJSON, selected),
  ];
}

/**
 * The same projects, styled the same way, from the tile source: the tiles
 * carry kind, status and overdue, and the project id as the feature id.
 * Below zoom 14 (TILE_OVERVIEW) the server counts crowded points per cell of
 * the tile, as the GeoJSON source clusters them; below the tiles' first zoom
 * the map draws counts per area instead.
 */
export function projectTileLayers(selected: number | undefined): LayerSpecification[] {
  return [
    ...KINDS.flatMap((k) => kindShapeLayers(TILES, k)),
    ...clusterLayers(TILES),
    ...KINDS.flatMap((k) => kindPointLayers(TILES, k)),
    ...selectionLayers(TILES, selected),
  ];
}
