import {
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  AttributionControl,
  type GeoJSONSource,
  type LngLatBoundsLike,
  type MapGeoJSONFeature,
  type MapMouseEvent,
  type PaddingOptions,
  type PointLike,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './worker.js';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AreaCollection, Basemap, ProjectListFeature } from '../api/types.js';
import { AREA_LABEL_SOURCE, AREA_SOURCE, areaLabelPoints, areaLayers } from './areaLayers.js';
import { basemapStyle, plainStyle } from './basemap.js';
import { COVERAGE_CLICK_LAYER_IDS, COVERAGE_SOURCE, coverageLayers } from './coverageLayers.js';
import { GAP_SOURCE, gapLayers, showGapTiles } from './gapLayers.js';
import { AGGREGATE_CIRCLE_IDS, type AggregateProperties } from './aggregateLayers.js';
import { CLUSTER_LAYER_IDS, CLUSTER_MAX_ZOOM, CLUSTER_PROPERTIES, POINT_SOURCE, PROJECT_LAYER_IDS, PROJECT_TILE_LAYER_IDS, projectLayers, SHAPE_SOURCE, splitByGeometry } from './projectLayers.js';
import { existingLayers, hideProjectTiles, setAggregates, setSelectedProject, showProjectTiles, showSelection } from './projectOverlay.js';
import { EMPTY_COLLECTION } from './emptyCollection.js';
import { DEMO_HOME } from './homeBox.js';
import { attachCountTip } from './countTip.js';
import { TILE_OVERVIEW } from '../../../server/src/domain/tileLayers.js';

declare global {
  interface Window {
    minshengMap?: MapLibreMap;
  }
}

/** Where the map opens before anything says otherwise: the demo's 石鼓区 (see homeBox.ts). */
export const DEFAULT_BOUNDS: LngLatBoundsLike = [
  [DEMO_HOME[0], DEMO_HOME[1]],
  [DEMO_HOME[2], DEMO_HOME[3]],
];

/** How long a basemap style URL may take before the map falls back to the plain background. */
const STYLE_TIMEOUT_MS = 8_000;

export interface Camera {
  center: [number, number];
  zoom: number;
}

/** Projects drawn from vector tiles, and counted per area below the tiles' zooms. */
export interface ProjectTiles {
  /** The tile URL template, with the filters as its query. */
  url: string;
  aggregates: GeoJSON.FeatureCollection<GeoJSON.Point, AggregateProperties> | undefined;
}

export interface MapViewProps {
  basemap: Basemap;
  areas: AreaCollection | undefined;
  /** Every project, drawn from GeoJSON and clustered: unless `projectTiles` is given. */
  projects: ProjectListFeature[] | undefined;
  /** Given, the projects are drawn from these tiles instead, for more than the list can load. */
  projectTiles?: ProjectTiles;
  /** Child areas coloured by a coverage ratio, while the coverage panel is open. */
  coverage: GeoJSON.FeatureCollection | undefined;
  /** Need with no project, drawn above everything while the coverage panel is open. */
  gaps: GeoJSON.FeatureCollection | undefined;
  /** The tile URL template of every gap, drawn paler beneath `gaps`, while the coverage panel is open. */
  gapTiles?: string;
  /** Clicks on a coloured area drill down into it, while the coverage panel is open. */
  onCoverageAreaClick?(areaId: number): void;
  selected: number | undefined;
  /** The selected project whole, as the panel has it: what tiles ring (they may show another project of its cell). */
  selectedProject?: GeoJSON.Feature;
  selectedArea: number | undefined;
  nameField: 'name' | 'name_en';
  /** Where the map opens; without it, the chosen area or 石鼓区. */
  initialCamera: Partial<Camera>;
  /** A box to fit the map to, once per distinct box: the same box again (say, as data reloads) does not move the map. */
  fitBox: [number, number, number, number] | undefined;
  /** Clicks select projects; off while a project is being drawn. */
  selectable: boolean;
  onSelect(id: number | undefined): void;
  onCameraChange(camera: Camera): void;
  onReady(map: MapLibreMap): void;
  /** Ctrl + scroll to zoom and two fingers to pan, for a map inside someone else's page; off in the app. */
  cooperativeGestures?: boolean;
  /** MapLibre's own words (its controls' titles, the gesture hint) by MapLibre's keys; its English otherwise. */
  locale?: Record<string, string>;
  /** Room kept around the box the map opens on, for what lies over the map's edges; none by default. */
  openPadding?: PaddingOptions;
}

/** The MapLibre map: basemap, area boundaries and the projects, one layer set per kind. */
export function MapView(props: MapViewProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  // The latest props, for the map's event handlers, which are bound once.
  const latest = useRef(props);
  const words = useRef(t);
  const lastFit = useRef<string>(undefined);
  useEffect(() => {
    latest.current = props;
    words.current = t;
  });

  useEffect(() => {
    const { initialCamera, basemap, fitBox, cooperativeGestures, locale, openPadding } = latest.current;
    const opensOnCamera = initialCamera.center !== undefined && initialCamera.zoom !== undefined;
    // Opening on a box is its first fit.
    if (!opensOnCamera && fitBox) lastFit.current = fitBox.join(',');
    const instance = new MapLibreMap({
      container: container.current!,
      style: basemapStyle(basemap),
      ...(opensOnCamera
        ? { center: initialCamera.center, zoom: initialCamera.zoom }
        : { bounds: fitBox ?? DEFAULT_BOUNDS, ...(openPadding ? { fitBoundsOptions: { padding: openPadding } } : {}) }),
      localIdeographFontFamily: "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
      attributionControl: false,
      cooperativeGestures: cooperativeGestures ?? false,
      ...(locale ? { locale } : {}),
    });
    instance.addControl(new NavigationControl(), 'top-right');
    instance.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    instance.addControl(new AttributionControl({ compact: true }), 'bottom-right');

    let ready = false;
    const becomeReady = () => {
      if (ready) return;
      ready = true;
      addOverlay(instance, latest.current);
      // A handle for automation and for debugging in the browser console.
      window.minshengMap = instance;
      setMap(instance);
      latest.current.onReady(instance);
    };
    // A basemap that cannot be reached must not take the projects with it:
    // tiles that fail are left blank, and a style that never loads is replaced.
    const fallBack = () => {
      if (ready) return;
      instance.setStyle(plainStyle());
      instance.once('style.load', becomeReady);
    };
    const timer = setTimeout(fallBack, STYLE_TIMEOUT_MS);
    instance.once('load', () => {
      clearTimeout(timer);
      becomeReady();
    });
    instance.on('error', (event) => {
      if (!instance.isStyleLoaded() && !ready) fallBack();
      else if (!('tile' in event)) console.warn('map:', event.error?.message);
    });

    instance.on('moveend', () => {
      const c = instance.getCenter();
      latest.current.onCameraChange({ center: [c.lng, c.lat], zoom: instance.getZoom() });
    });
    instance.on('click', (event) => onMapClick(instance, event, latest.current));
    attachCountTip(instance, (point) => (latest.current.selectable ? topClickable(instance, point) : undefined), () => words.current);
    for (const layer of [...PROJECT_LAYER_IDS, CLUSTER_LAYER_IDS.geojson, ...COVERAGE_CLICK_LAYER_IDS]) {
      instance.on('mouseenter', layer, () => (instance.getCanvas().style.cursor = 'pointer'));
      instance.on('mouseleave', layer, () => (instance.getCanvas().style.cursor = ''));
    }
    return () => {
      clearTimeout(timer);
      instance.remove();
    };
  }, []);

  useEffect(() => {
    if (!map || !props.areas) return;
    (map.getSource(AREA_SOURCE) as GeoJSONSource).setData(props.areas);
    (map.getSource(AREA_LABEL_SOURCE) as GeoJSONSource).setData(areaLabelPoints(props.areas));
  }, [map, props.areas]);

  useEffect(() => {
    if (!map || !props.projects) return;
    const { points, shapes } = splitByGeometry(props.projects);
    (map.getSource(POINT_SOURCE) as GeoJSONSource).setData(points);
    (map.getSource(SHAPE_SOURCE) as GeoJSONSource).setData(shapes);
    // Marks the map as drawn with the projects, for people's tools and tests alike.
    map.once('idle', () => container.current?.setAttribute('data-drawn', 'true'));
  }, [map, props.projects]);

  const tileUrl = props.projectTiles?.url;
  useEffect(() => {
    if (!map) return;
    if (tileUrl === undefined) {
      hideProjectTiles(map);
      return;
    }
    showProjectTiles(map, tileUrl, latest.current.selected);
    setAggregates(map, latest.current.projectTiles?.aggregates);
    setSelectedProject(map, latest.current.selectedProject);
    // The tiles in view have loaded: as data-drawn says of the GeoJSON, for people's tools and tests alike.
    map.once('idle', () => container.current?.setAttribute('data-drawn', 'true'));
  }, [map, tileUrl]);

  const aggregates = props.projectTiles?.aggregates;
  useEffect(() => {
    if (map && tileUrl !== undefined) setAggregates(map, aggregates);
  }, [map, tileUrl, aggregates]);

  useEffect(() => {
    if (!map) return;
    (map.getSource(COVERAGE_SOURCE) as GeoJSONSource).setData(props.coverage ?? EMPTY_COLLECTION);
  }, [map, props.coverage]);

  useEffect(() => {
    if (!map) return;
    (map.getSource(GAP_SOURCE) as GeoJSONSource).setData(props.gaps ?? EMPTY_COLLECTION);
  }, [map, props.gaps]);

  useEffect(() => {
    if (map) showGapTiles(map, props.gapTiles);
  }, [map, props.gapTiles]);

  useEffect(() => {
    if (map) showSelection(map, props.selected);
  }, [map, props.selected]);

  useEffect(() => {
    if (map) setSelectedProject(map, props.selectedProject);
  }, [map, props.selectedProject]);

  useEffect(() => {
    if (!map) return;
    map.setFilter('area-selected-line', ['==', ['id'], props.selectedArea ?? -1]);
  }, [map, props.selectedArea]);

  useEffect(() => {
    if (!map) return;
    map.setLayoutProperty('area-label', 'text-field', ['get', props.nameField]);
  }, [map, props.nameField]);

  useEffect(() => {
    if (!map || !props.fitBox) return;
    const key = props.fitBox.join(',');
    if (key === lastFit.current) return;
    lastFit.current = key;
    const [w, s, e, n] = props.fitBox;
    map.fitBounds([[w, s], [e, n]], { padding: 40, maxZoom: 16, duration: 600 });
  }, [map, props.fitBox]);

  return <div ref={container} className="map" data-testid="map" role="region" aria-label={t('map.label')} />;
}

function addOverlay(map: MapLibreMap, props: MapViewProps): void {
  map.addSource(AREA_SOURCE, { type: 'geojson', data: EMPTY_COLLECTION });
  map.addSource(AREA_LABEL_SOURCE, { type: 'geojson', data: EMPTY_COLLECTION });
  map.addSource(SHAPE_SOURCE, { type: 'geojson', data: EMPTY_COLLECTION });
  map.addSource(POINT_SOURCE, {
    type: 'geojson',
    data: EMPTY_COLLECTION,
    cluster: true,
    clusterMaxZoom: CLUSTER_MAX_ZOOM,
    clusterRadius: 40,
    clusterProperties: CLUSTER_PROPERTIES,
  });
  map.addSource(COVERAGE_SOURCE, { type: 'geojson', data: EMPTY_COLLECTION });
  for (const layer of [...areaLayers(props.nameField, props.selectedArea), ...projectLayers(props.selected)]) map.addLayer(layer);
  // Above the district fill, beneath the boundaries, their names and the projects.
  for (const layer of coverageLayers()) map.addLayer(layer, 'area-community-line');
  map.addSource(GAP_SOURCE, { type: 'geojson', data: EMPTY_COLLECTION });
  for (const layer of gapLayers()) map.addLayer(layer);
}

/** The project or count drawn on top at a point, if any: what a click there acts on. */
function topClickable(map: MapLibreMap, point: PointLike): MapGeoJSONFeature | undefined {
  const clickable = [
    ...PROJECT_LAYER_IDS,
    CLUSTER_LAYER_IDS.geojson,
    ...existingLayers(map, [...PROJECT_TILE_LAYER_IDS, CLUSTER_LAYER_IDS.tiles, ...AGGREGATE_CIRCLE_IDS]),
  ];
  return map.queryRenderedFeatures(point, { layers: clickable })[0];
}

/**
 * What a click on the map does depends on what is drawn on top under the
 * pointer: a count zooms in (a cluster to where it splits, an overview
 * cell two levels, an area's count to the area), a project opens, and
 * otherwise a coverage area opens or the selection is cleared. Asked in one
 * query, topmost first: a project drawn over the edge of a count (whose
 * overdue ring widens it by up to 8 pixels) is the project.
 */
async function onMapClick(map: MapLibreMap, event: MapMouseEvent, props: MapViewProps): Promise<void> {
  if (!props.selectable) return;
  const top = topClickable(map, event.point);
  const at = top?.geometry.type === 'Point' ? (top.geometry.coordinates as [number, number]) : undefined;
  if (top?.layer.id === CLUSTER_LAYER_IDS.geojson && at) {
    const zoom = await (map.getSource(POINT_SOURCE) as GeoJSONSource).getClusterExpansionZoom(top.properties.cluster_id as number);
    map.easeTo({ center: at, zoom });
    return;
  }
  if (top?.layer.id === CLUSTER_LAYER_IDS.tiles && at) {
    // Where its cell is split in four, or its projects are drawn each.
    map.easeTo({ center: at, zoom: Math.min(Math.floor(map.getZoom()) + 2, TILE_OVERVIEW.belowZoom) });
    return;
  }
  if (top && AGGREGATE_CIRCLE_IDS.includes(top.layer.id)) {
    const countedArea = props.projectTiles?.aggregates?.features.find((f) => f.id === top.id && f.properties.level === top.properties.level);
    if (countedArea?.bbox) {
      const [w, s, e, n] = countedArea.bbox;
      map.fitBounds([[w, s], [e, n]], { padding: 40, duration: 600 });
    }
    return;
  }
  const [area] = top || !props.onCoverageAreaClick ? [] : map.queryRenderedFeatures(event.point, { layers: COVERAGE_CLICK_LAYER_IDS });
  if (area?.id !== undefined) props.onCoverageAreaClick?.(Number(area.id));
  else props.onSelect(top?.id === undefined ? undefined : Number(top.id));
}
