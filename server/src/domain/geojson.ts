import { pointOnFeature } from '@turf/turf';
import { Type, type Static } from 'typebox';

/** A GeoJSON geometry as the API returns it: produced by PostGIS, passed through as is. */
export const GeometryOutput = Type.Object(
  { type: Type.String(), coordinates: Type.Array(Type.Unknown()) },
  { additionalProperties: true },
);
export type GeometryJson = Static<typeof GeometryOutput>;

/**
 * One position that stands for a geometry — the point itself, or a point on a
 * line or inside a polygon — for ledgers' longitude/latitude columns and
 * Open311's lat/long.
 */
export function representativePoint(geometry: GeometryJson): [number, number] {
  if (geometry.type === 'Point') return geometry.coordinates as [number, number];
  const point = pointOnFeature({ type: 'Feature', geometry: geometry as unknown as GeoJSON.Geometry, properties: {} });
  return point.geometry.coordinates as [number, number];
}
