import { Popup, type Map as MapLibreMap, type MapGeoJSONFeature, type PointLike } from 'maplibre-gl';
import type { TFunction } from 'i18next';
import { CLUSTER_LAYER_IDS } from './projectLayers.js';

const COUNT_LAYERS: readonly string[] = Object.values(CLUSTER_LAYER_IDS);

/**
 * The words of a count's tip: how many projects, how many of them overdue
 * (the red ring only shows the share), and what a click does.
 */
export function countTipText(t: TFunction, properties: { point_count?: unknown; overdue_count?: unknown }): string {
  const count = Number(properties.point_count);
  const overdue = Number(properties.overdue_count);
  return overdue > 0 ? t('map.countTip', { count, overdue }) : t('map.countTipNoneOverdue', { count });
}

/**
 * A tip over a count of projects while the pointer rests on it, for either
 * source's counts. `topAt` is what a click would act on there, so the tip
 * shows only where a click zooms in: not over a project drawn above a count.
 */
export function attachCountTip(map: MapLibreMap, topAt: (point: PointLike) => MapGeoJSONFeature | undefined, words: () => TFunction): void {
  const popup = new Popup({ closeButton: false, closeOnClick: false, className: 'count-tip', offset: 18, maxWidth: '260px' });
  let shown: string | undefined;
  map.on('mousemove', (event) => {
    const top = topAt(event.point);
    if (!top || !COUNT_LAYERS.includes(top.layer.id) || top.geometry.type !== 'Point') {
      hide();
      return;
    }
    // The same count under a moving pointer is left where it is.
    const key = `${top.layer.id}:${top.id ?? top.properties.cluster_id}:${top.geometry.coordinates.join(',')}`;
    if (key === shown) return;
    shown = key;
    popup
      .setLngLat(top.geometry.coordinates as [number, number])
      .setText(countTipText(words(), top.properties))
      .addTo(map);
  });
  const hide = () => {
    if (shown === undefined) return;
    shown = undefined;
    popup.remove();
  };
  map.getCanvas().addEventListener('mouseleave', hide);
  // A click zooms in, after which the count is elsewhere or gone.
  map.on('movestart', hide);
}
