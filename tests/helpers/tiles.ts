import { TILE_BUFFER, TILE_EXTENT, type TileAddress } from '../../server/src/tiles/tile.js';

/** The XYZ tile holding a point. */
export function tileAt([lon, lat]: [number, number], z: number): TileAddress {
  const n = 2 ** z;
  const y = (1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(y * n) };
}

/** The area a tile covers with its buffer, in longitude and latitude: where its features may lie. */
export function bufferedBounds({ z, x, y }: TileAddress): [number, number, number, number] {
  const n = 2 ** z;
  const margin = TILE_BUFFER / TILE_EXTENT;
  const lon = (column: number) => (column / n) * 360 - 180;
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return [lon(x - margin), lat(y + 1 + margin), lon(x + 1 + margin), lat(y - margin)];
}
