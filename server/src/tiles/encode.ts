import { geoJSONToTile, type GeoJSONVTFeature, type GeoJSONVTTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { GeometryJson } from '../domain/geojson.js';
import { TILE_BUFFER, TILE_EXTENT, type TileAddress } from './tile.js';

/** A feature to put in a tile: WGS 84 geometry and the properties to keep (nulls are left out, as MVT has no null). */
export interface TileFeature {
  id: number;
  geometry: GeometryJson;
  properties: Record<string, string | number | boolean | null>;
}

/** No layer at all: a valid tile, and what the routes answer with 204. */
export const EMPTY_TILE = new Uint8Array(0);

/** The area a ring encloses, in square tile units (shoelace formula). */
function ringArea(ring: readonly [number, number][]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return Math.abs(sum) / 2;
}

/**
 * Drops polygon rings smaller than one square tile unit, and features left
 * without any. geojson-vt clips before it rounds, so a polygon that only
 * reaches the buffer's edge comes out as a ring folded flat along it, or a
 * crumb of half a unit; PostGIS snaps to the grid before it clips, which
 * folds such rings away, and MVT wants rings that enclose an area.
 */
function withoutCrumbs(features: GeoJSONVTFeature[]): GeoJSONVTFeature[] {
  return features.flatMap((f) => {
    if (f.type !== 3) return [f];
    const rings = f.geometry.filter((ring) => ringArea(ring) >= 1);
    return rings.length === 0 ? [] : [{ ...f, geometry: rings }];
  });
}

/**
 * Encodes one layer of a tile in JavaScript, for a PostGIS without protobuf
 * (the embedded one). geojson-vt (MapLibre's own GeoJSON slicer) projects,
 * clips to the tile and its buffer, simplifies and quantizes; vt-pbf writes
 * the protobuf. The buffer is ST_AsMVTGeom's; simplifying at half a tile unit
 * (geojson-vt only simplifies below `maxZoom`, hence a `maxZoom` past any
 * tile's) drops what rounding to whole units loses anyway, as the vertices
 * PostGIS merges when it snaps to the grid, so both encoders' geometries
 * agree within a unit.
 */
export function encodeTileLayer(layer: string, tile: TileAddress, features: readonly TileFeature[]): Uint8Array {
  if (features.length === 0) return EMPTY_TILE;
  const sliced = geoJSONToTile(
    {
      type: 'FeatureCollection',
      features: features.map((f) => ({
        type: 'Feature',
        id: f.id,
        geometry: f.geometry as unknown as GeoJSON.Geometry,
        properties: f.properties,
      })),
    },
    tile.z,
    tile.x,
    tile.y,
    { extent: TILE_EXTENT, buffer: TILE_BUFFER, clip: true, wrap: false, tolerance: 0.5, maxZoom: 24 },
  );
  const kept = withoutCrumbs(sliced.features);
  if (kept.length === 0) return EMPTY_TILE;
  // Object.assign rather than a spread: geojson-vt types a tile's features as its internal and its output form at once.
  const trimmed: GeoJSONVTTile = Object.assign(sliced, { features: kept });
  return fromGeojsonVt({ [layer]: trimmed }, { version: 2, extent: TILE_EXTENT });
}
