import { Map as MapLibreMap, NavigationControl, ScaleControl, type GeoJSONSource, type LngLatBoundsLike } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './worker.js';
import { useEffect, useRef } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { AreaProperties, ProjectProperties } from '../api/client.js';
import { AREA_SOURCE } from './areaLayers.js';
import { PROJECT_SOURCE } from './projectLayers.js';
import { mapStyle } from './style.js';

/** 石鼓区, Hengyang: where the first article and most of the demo data are. */
const INITIAL_BOUNDS: LngLatBoundsLike = [
  [112.52, 26.85],
  [112.7, 26.98],
];

interface MapViewProps {
  areas: FeatureCollection<Geometry, AreaProperties> | undefined;
  projects: FeatureCollection<Geometry, ProjectProperties> | undefined;
  nameField: 'name' | 'name_en';
}

export function MapView({ areas, projects, nameField }: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);

  useEffect(() => {
    const instance = new MapLibreMap({
      container: container.current!,
      style: mapStyle(nameField),
      bounds: INITIAL_BOUNDS,
      localIdeographFontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
      attributionControl: false,
    });
    instance.addControl(new NavigationControl(), 'top-right');
    instance.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.current = instance;
    return () => instance.remove();
    // The map is made once; later prop changes update its sources and layers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => setSourceData(map.current, AREA_SOURCE, areas), [areas]);
  useEffect(() => {
    setSourceData(map.current, PROJECT_SOURCE, projects);
    // Marks the map as drawn with the projects, for people's tools and tests alike.
    if (projects) map.current?.once('idle', () => container.current?.setAttribute('data-drawn', 'true'));
  }, [projects]);
  useEffect(() => {
    const instance = map.current;
    if (!instance) return;
    const apply = () => instance.setLayoutProperty('area-label', 'text-field', ['get', nameField]);
    if (instance.isStyleLoaded()) apply();
    else instance.once('load', apply);
  }, [nameField]);

  return <div ref={container} className="map" data-testid="map" />;
}

function setSourceData(map: MapLibreMap | null, sourceId: string, data: FeatureCollection | undefined): void {
  if (!map || !data) return;
  const apply = () => (map.getSource(sourceId) as GeoJSONSource).setData(data);
  if (map.isStyleLoaded()) apply();
  else map.once('load', apply);
}
