import type { FeatureCollection, Point } from 'geojson';
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { AREA_LEVEL_MIN_ZOOM } from '../../../server/src/domain/tileLayers.js';
import type { AreaCountFeature } from '../api/types.js';
import { OVERDUE, overdueRing } from './projectLayers.js';
import { PROJECT_TILE_ZOOMS } from './projectTiles.js';

/**
 * Counts of projects per area, drawn below the zoom where project tiles
 * start: a circle per area sized by its count, the count inside, a red ring
 * as thick as the overdue share, and the area's name with its overdue count
 * beneath.
 */
export const AGGREGATE_SOURCE = 'project-aggregates';

/** The levels counted, and the zooms each is drawn at: districts until street boundaries show, then streets until the tiles. */
export const AGGREGATE_LEVELS = {
  district: { minzoom: 0, maxzoom: AREA_LEVEL_MIN_ZOOM.street },
  street: { minzoom: AREA_LEVEL_MIN_ZOOM.street, maxzoom: PROJECT_TILE_ZOOMS.minzoom },
} as const;
export type AggregateLevel = keyof typeof AGGREGATE_LEVELS;
export const AGGREGATE_LEVEL_NAMES = Object.keys(AGGREGATE_LEVELS) as AggregateLevel[];

export const AGGREGATE_CIRCLE_IDS = AGGREGATE_LEVEL_NAMES.map((level) => `project-aggregate-${level}-circle`);

const COUNT_SIZE = 12;
const NAME_SIZE = 12;
const SMALLEST = 11;
const LARGEST = 32;
/** The world's width in pixels at zoom 0 (MapLibre's 512-pixel tiles). */
const WORLD_PIXELS = 512;
const FIT_SHARE = 0.45;

export interface AggregateProperties {
  level: AggregateLevel;
  total: number;
  overdue: number;
  /** The total as the language writes it. */
  count: string;
  /** The area's name in the language shown. */
  name: string;
  /** "逾期 12" beneath the name, empty when none is overdue. */
  overdue_label: string;
  /** Pixels: the circle's area proportional to the count among the level's areas. */
  radius: number;
  /** Pixels: the smallest circle that holds the count's digits. */
  min_radius: number;
  /**
   * Pixels at zoom 0 (doubling with each zoom): a little under half the
   * narrower side of the area's box, about the largest circle that keeps
   * within the area, so that the circles of small neighbouring areas (a
   * city's streets and districts) do not pile up.
   */
  fit: number;
}

export interface AggregateWords {
  nameField: 'name' | 'name_en';
  number(n: number): string;
  overdue(n: number): string;
}

/**
 * The counts as map features. Each level is scaled on its own largest count
 * (only one level shows at a time); the circle keeps room for its digits.
 */
export function aggregateFeatures(areas: AreaCountFeature[], words: AggregateWords): FeatureCollection<Point, AggregateProperties> {
  const largest = new Map<string, number>();
  for (const a of areas) largest.set(a.properties.level, Math.max(largest.get(a.properties.level) ?? 0, a.properties.total));
  return {
    type: 'FeatureCollection',
    features: areas.flatMap((a) => {
      const { level, total, overdue } = a.properties;
      if (!(level in AGGREGATE_LEVELS) || total === 0) return [];
      const count = words.number(total);
      const min_radius = Math.round(count.length * COUNT_SIZE * 0.31 + 6);
      const radius = Math.max(min_radius, Math.round(SMALLEST + (LARGEST - SMALLEST) * Math.sqrt(total / largest.get(level)!)));
      const [west, south, east, north] = a.bbox;
      const latitude = (((south + north) / 2) * Math.PI) / 180;
      const pixelsPerDegree = WORLD_PIXELS / 360;
      const narrower = Math.min((east - west) * pixelsPerDegree, ((north - south) * pixelsPerDegree) / Math.cos(latitude));
      return [
        {
          type: 'Feature' as const,
          id: a.id,
          bbox: a.bbox,
          geometry: { type: 'Point' as const, coordinates: a.geometry.coordinates as [number, number] },
          properties: {
            level: level as AggregateLevel,
            total,
            overdue,
            count,
            name: a.properties[words.nameField],
            overdue_label: overdue > 0 ? words.overdue(overdue) : '',
            radius,
            min_radius,
            fit: Math.round(FIT_SHARE * narrower * 1000) / 1000,
          },
        },
      ];
    }),
  };
}

const hasOverdue: ExpressionSpecification = ['>', ['get', 'overdue'], 0];

/**
 * The circle's radius at each zoom the counts show: proportional to the
 * count, but no larger than fits the area, and never too small for the digits.
 */
function radiusAt(zoom: number): ExpressionSpecification {
  return ['max', ['get', 'min_radius'], ['min', ['get', 'radius'], ['*', ['get', 'fit'], 2 ** zoom]]];
}

/** A value of the radius for every zoom, between whole zooms as the radius grows (doubling a zoom). */
function byZoom(of: (zoom: number) => ExpressionSpecification): ExpressionSpecification {
  const zooms = Array.from({ length: PROJECT_TILE_ZOOMS.minzoom - 2 }, (_, i) => i + 3);
  return ['interpolate', ['exponential', 2], ['zoom'], ...zooms.flatMap((z) => [z, of(z)])] as ExpressionSpecification;
}

function levelLayers(level: AggregateLevel): LayerSpecification[] {
  const zooms = AGGREGATE_LEVELS[level];
  const common = { source: AGGREGATE_SOURCE, filter: ['==', ['get', 'level'], level] as ExpressionSpecification, ...zooms };
  return [
    {
      id: `project-aggregate-${level}-circle`,
      type: 'circle',
      ...common,
      layout: { 'circle-sort-key': ['get', 'total'] },
      paint: {
        'circle-color': '#1f4e79',
        'circle-opacity': 0.85,
        'circle-radius': byZoom(radiusAt),
        ...overdueRing('overdue', 'total'),
      },
    },
    {
      id: `project-aggregate-${level}-count`,
      type: 'symbol',
      ...common,
      layout: {
        'text-field': ['get', 'count'],
        'text-size': COUNT_SIZE,
        'text-font': ['sans-serif'],
        // Always drawn, and in the way of the area's own name at the same point, which the label below replaces.
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: `project-aggregate-${level}-name`,
      type: 'symbol',
      ...common,
      layout: {
        'text-field': ['format', ['get', 'name'], {}, ['case', hasOverdue, '\n', ''], {}, ['get', 'overdue_label'], { 'text-color': OVERDUE }],
        'text-size': NAME_SIZE,
        'text-font': ['sans-serif'],
        'text-variable-anchor': ['top'],
        // Ems from the point to the top of the name: just below the circle.
        'text-radial-offset': byZoom((z) => ['+', 0.2, ['/', radiusAt(z), NAME_SIZE]]),
        'text-padding': 2,
      },
      paint: { 'text-color': '#34404c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ];
}

/** The counts' layers, one set per level, each within its zooms. */
export function aggregateLayers(): LayerSpecification[] {
  return AGGREGATE_LEVEL_NAMES.flatMap(levelLayers);
}
