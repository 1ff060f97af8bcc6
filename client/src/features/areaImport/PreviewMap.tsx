import 'maplibre-gl/dist/maplibre-gl.css';
import { bbox } from '@turf/turf';
import { Map as MapLibreMap, NavigationControl, ScaleControl } from 'maplibre-gl';
import { useEffect, useMemo, useRef } from 'react';
import type { AreaImport, AreaImportRow } from './api.js';
import { gapsCollection, previewStyle, rowsCollection } from './previewLayers.js';

/**
 * The preview on a map of its own: every area of the file by outcome, and the
 * gaps the import leaves, so a sliver or a missing street is seen before it is
 * written. Its own map, not the app's: the dialog covers the app's.
 */
export function PreviewMap({ rows, gaps, focused }: { rows: AreaImportRow[]; gaps: AreaImport['gaps']; focused?: number }) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  const rowsData = useMemo(() => rowsCollection(rows), [rows]);
  const gapsData = useMemo(() => gapsCollection(gaps), [gaps]);

  useEffect(() => {
    if (rowsData.features.length === 0) return;
    const instance = new MapLibreMap({
      container: container.current!,
      style: previewStyle(rowsData, gapsData),
      bounds: bbox(rowsData) as [number, number, number, number],
      fitBoundsOptions: { padding: 24 },
      localIdeographFontFamily: "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
      attributionControl: false,
    });
    instance.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    instance.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    map.current = instance;
    return () => {
      instance.remove();
      map.current = null;
    };
  }, [rowsData, gapsData]);

  useEffect(() => {
    const feature = rowsData.features.find((f) => f.id === focused);
    if (feature && map.current) map.current.fitBounds(bbox(feature) as [number, number, number, number], { padding: 40, maxZoom: 15 });
  }, [focused, rowsData]);

  return <div ref={container} className="area-import-map" data-testid="area-import-map" />;
}
