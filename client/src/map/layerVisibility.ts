import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * Shows or hides a layer the style has (one it lacks is left alone), and
 * only when that changes: every set re-lays the layer out, and these are
 * called on each render of the map's overlays.
 */
export function setLayerVisibility(map: MapLibreMap, id: string, visibility: 'visible' | 'none'): void {
  if (map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== visibility) map.setLayoutProperty(id, 'visibility', visibility);
}
