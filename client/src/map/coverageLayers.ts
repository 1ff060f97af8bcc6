import type { FeatureCollection, Geometry } from 'geojson';
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { AreaCollection } from '../api/types.js';

/**
 * The choropleth of coverage ratios. Gap features (uncovered compounds, unlit
 * stretches…) will have a source and layers of their own, drawn above the
 * projects rather than beneath them; they are not part of this file.
 */
export const COVERAGE_SOURCE = 'coverage';

/** Class breaks of the ratio: five equal classes, so a map reads the same for every kind and area. */
export const COVERAGE_BREAKS = [0.2, 0.4, 0.6, 0.8] as const;

/** One colour per class, light (little covered) to dark (well covered): ColorBrewer YlGnBu. */
export const COVERAGE_COLORS = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;

/** Areas whose ratio is unknown (nothing to cover): grey, never a colour of the scale. */
export const NO_DATA_COLOR = '#bdbdbd';

/**
 * The layers a click on the map opens an area from: the fills, whose area is
 * the one under the pointer. A boundary line is shared by two areas, and
 * MapLibre finds a line a pixel or two to either side of it, drawn above the
 * fills: a click just inside one area opened its neighbour.
 */
export const COVERAGE_CLICK_LAYER_IDS = ['coverage-fill', 'coverage-no-data'];

export interface CoverageFeatureProperties {
  name: string;
  name_en: string;
  /** Omitted rather than null when unknown: MapLibre drops null properties. */
  ratio?: number;
  has_data: boolean;
}

/** The classes of the legend: each with its colour and the range of ratios it holds. */
export function coverageClasses(): { color: string; from: number; to: number }[] {
  const edges = [0, ...COVERAGE_BREAKS, 1];
  return COVERAGE_COLORS.map((color, i) => ({ color, from: edges[i]!, to: edges[i + 1]! }));
}

/** The child areas with their ratio, on the geometries the app has already loaded. */
export function coverageFeatures(
  results: { area: { id: number }; ratio: number | null }[],
  areas: AreaCollection,
): FeatureCollection<Geometry, CoverageFeatureProperties> {
  const byId = new Map(areas.features.map((a) => [a.id, a]));
  return {
    type: 'FeatureCollection',
    features: results.flatMap((r) => {
      const area = byId.get(r.area.id);
      if (!area) return [];
      const properties: CoverageFeatureProperties = { name: area.properties.name, name_en: area.properties.name_en, has_data: r.ratio !== null };
      if (r.ratio !== null) properties.ratio = r.ratio;
      return [{ type: 'Feature' as const, id: area.id, geometry: area.geometry, properties }];
    }),
  };
}

function colourByRatio(): ExpressionSpecification {
  const steps = COVERAGE_BREAKS.flatMap((edge, i) => [edge, COVERAGE_COLORS[i + 1]!]);
  return ['step', ['get', 'ratio'], COVERAGE_COLORS[0], ...steps] as ExpressionSpecification;
}

/** The choropleth of the child areas: coloured by class, unknown ones grey, each outlined. */
export function coverageLayers(): LayerSpecification[] {
  const hasData: ExpressionSpecification = ['==', ['get', 'has_data'], true];
  return [
    { id: 'coverage-fill', type: 'fill', source: COVERAGE_SOURCE, filter: hasData, paint: { 'fill-color': colourByRatio(), 'fill-opacity': 0.7 } },
    {
      id: 'coverage-no-data',
      type: 'fill',
      source: COVERAGE_SOURCE,
      filter: ['!', hasData],
      paint: { 'fill-color': NO_DATA_COLOR, 'fill-opacity': 0.55 },
    },
    { id: 'coverage-line', type: 'line', source: COVERAGE_SOURCE, paint: { 'line-color': '#ffffff', 'line-width': 1.5 } },
  ];
}
