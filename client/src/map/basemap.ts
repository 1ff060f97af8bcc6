import type { StyleSpecification } from 'maplibre-gl';
import type { Basemap } from '../api/types.js';

const BACKGROUND = '#f4f6f8';

/** A style with nothing but a plain background: the default, and the fallback when a basemap cannot load. */
export function plainStyle(): StyleSpecification {
  return { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }] };
}

function rasterStyle(tiles: string[][], attribution: string, maxzoom: number): StyleSpecification {
  const style = plainStyle();
  tiles.forEach((urls, i) => {
    style.sources[`basemap-${i}`] = { type: 'raster', tiles: urls, tileSize: 256, maxzoom, attribution };
    style.layers.push({ id: `basemap-${i}`, type: 'raster', source: `basemap-${i}` });
  });
  return style;
}

const TIANDITU_SERVERS = ['0', '1', '2', '3', '4', '5', '6', '7'];

function tiandituLayer(layer: 'vec' | 'cva', key: string): string[] {
  return TIANDITU_SERVERS.map(
    (n) =>
      `https://t${n}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
      `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );
}

/**
 * The style the map starts from. The app's own layers are added on top once
 * it has loaded, whatever the basemap; a basemap whose tiles cannot be reached
 * leaves those layers working on a blank background.
 */
export function basemapStyle(basemap: Basemap): StyleSpecification | string {
  switch (basemap.kind) {
    case 'none':
      return plainStyle();
    case 'osm':
      return rasterStyle([['https://tile.openstreetmap.org/{z}/{x}/{y}.png']], '© OpenStreetMap contributors', 19);
    case 'tianditu':
      // Tianditu's web-mercator vector map and its Chinese labels.
      return rasterStyle([tiandituLayer('vec', basemap.key), tiandituLayer('cva', basemap.key)], '© 天地图 Tianditu', 18);
    case 'style':
      return basemap.url;
  }
}
