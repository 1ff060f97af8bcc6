import { Type, type Static } from 'typebox';

/** A GeoJSON geometry as the API returns it: produced by PostGIS, passed through as is. */
export const GeometryOutput = Type.Object(
  { type: Type.String(), coordinates: Type.Array(Type.Unknown()) },
  { additionalProperties: true },
);
export type GeometryJson = Static<typeof GeometryOutput>;
