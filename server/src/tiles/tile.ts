import type { FieldError } from '../domain/errors.js';
import type { ZoomRange } from '../domain/tileLayers.js';

/** A tile of the web-mercator pyramid: zoom, column, and row counted from the north (XYZ, as web maps ask). */
export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** Units across a tile: the usual 4096, about a tenth of a screen pixel on a 512-pixel tile. */
export const TILE_EXTENT = 4096;

/**
 * Tile units kept around each tile, so that a line or a point's symbol
 * crossing the tile's edge is drawn on both sides of it.
 */
export const TILE_BUFFER = 64;

function paramsError(field: string, reason: string, reason_zh: string): FieldError {
  return { in: 'params', field: `/${field}`, reason, reason_zh };
}

/**
 * What is wrong with a tile address for a layer, one error per path
 * parameter: a zoom the layer does not serve, or a column or row beyond the
 * 2^z tiles of that zoom.
 */
export function tileAddressErrors(layer: string, range: ZoomRange, tile: TileAddress): FieldError[] {
  const { minZoom, maxZoom } = range;
  if (tile.z < minZoom || tile.z > maxZoom) {
    return [
      paramsError(
        'z',
        `the ${layer} layer has tiles from zoom ${minZoom} to ${maxZoom}; a map shows higher zooms by enlarging zoom ${maxZoom}`,
        `${layer} 图层的瓦片级别为 ${minZoom} 至 ${maxZoom};更高级别由地图放大第 ${maxZoom} 级显示`,
      ),
    ];
  }
  const last = 2 ** tile.z - 1;
  return (['x', 'y'] as const)
    .filter((axis) => tile[axis] > last)
    .map((axis) => paramsError(axis, `must be from 0 to ${last} at zoom ${tile.z}`, `第 ${tile.z} 级须在 0 至 ${last} 之间`));
}
