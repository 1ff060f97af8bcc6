import type { MultiPolygon } from 'geojson';
import { Type } from 'typebox';
import { AREA_LEVELS } from '../area.js';
import { GeometryOutput } from '../geojson.js';

/** [minLon, minLat, maxLon, maxLat]: four numbers in JSON, a tuple in TypeScript (what fitBounds takes). */
export const Bbox = (description: string) =>
  Type.Unsafe<[number, number, number, number]>(Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description }));

/** [lon, lat]. */
export const LonLat = (description: string) => Type.Unsafe<[number, number]>(Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description }));

/** An area (district, street or community) with its boundary, as /api/areas answers. */
export const AreaFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.Integer({ description: 'the id that area= filters accept' }),
  bbox: Bbox('minLon, minLat, maxLon, maxLat'),
  geometry: Type.Unsafe<MultiPolygon>(GeometryOutput),
  properties: Type.Object({
    name: Type.String(),
    name_en: Type.String(),
    level: Type.Enum(AREA_LEVELS),
    code: Type.String({ description: 'GB/T 2260 code for districts and counties; made-up longer codes below' }),
    parent: Type.Union([Type.Integer(), Type.Null()]),
    prefecture: Type.Union([Type.String(), Type.Null()]),
    is_demo: Type.Boolean({ description: 'made-up demo data, not real boundaries' }),
    label_point: LonLat('where the name is drawn'),
  }),
});

export const AreaCollection = Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(AreaFeature) });
