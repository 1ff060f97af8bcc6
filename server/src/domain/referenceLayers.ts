import { Type, type Static, type TObject } from 'typebox';
import { Compile } from 'typebox/compile';
import { bodyError, type FieldError } from './errors.js';
import { geometryErrors, type ValidatedType } from './geometry.js';
import { NonBlankString, Nullable } from './schemaTypes.js';

/**
 * The reference layers coverage measures need against, as a district loads
 * them: residential compounds (households, year built) and roads.
 */
export const MAX_LAYER_FEATURES = 20_000;

export const CompoundProperties = Type.Object(
  {
    name: NonBlankString(200),
    households: Type.Integer({ minimum: 0, maximum: 100_000 }),
    year_built: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2100 }))),
  },
  { additionalProperties: false },
);

export const RoadProperties = Type.Object(
  {
    name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    road_class: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  },
  { additionalProperties: false },
);

export interface LayerDefinition<P extends TObject> {
  name: 'compounds' | 'roads';
  geometryTypes: readonly ValidatedType[];
  properties: P;
}

export const COMPOUND_LAYER: LayerDefinition<typeof CompoundProperties> = {
  name: 'compounds',
  geometryTypes: ['Polygon', 'MultiPolygon', 'Point'],
  properties: CompoundProperties,
};

export const ROAD_LAYER: LayerDefinition<typeof RoadProperties> = {
  name: 'roads',
  geometryTypes: ['LineString', 'MultiLineString'],
  properties: RoadProperties,
};

/** The request body: a GeoJSON FeatureCollection; each feature is checked by the domain rules below. */
export const LayerImportBody = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object(
        {
          type: Type.Literal('Feature'),
          geometry: Type.Unknown(),
          properties: Type.Record(Type.String(), Type.Unknown()),
          id: Type.Optional(Type.Union([Type.String(), Type.Number()])),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_LAYER_FEATURES },
    ),
  },
  { additionalProperties: false },
);
export type LayerImport = Static<typeof LayerImportBody>;

/** At most this many problems are reported: enough to fix a file, not a megabyte of errors. */
const MAX_REPORTED = 50;

/** Every feature's problems, each naming the feature by its index; empty when the whole layer may be stored. */
export function layerErrors<P extends TObject>(layer: LayerDefinition<P>, body: LayerImport): FieldError[] {
  const check = Compile(layer.properties);
  const errors: FieldError[] = [];
  body.features.forEach((feature, i) => {
    if (errors.length >= MAX_REPORTED) return;
    errors.push(...geometryErrors(feature.geometry, layer.geometryTypes, `/features/${i}/geometry`));
    if (!check.Check(feature.properties)) {
      const seen = new Set<string>();
      for (const e of check.Errors(feature.properties)) {
        const field =
          e.keyword === 'required'
            ? `/features/${i}/properties/${(e.params as { requiredProperties: string[] }).requiredProperties[0]}`
            : e.keyword === 'additionalProperties'
              ? `/features/${i}/properties/${(e.params as { additionalProperties: string[] }).additionalProperties[0]}`
              : `/features/${i}/properties${e.instancePath}`;
        if (seen.has(field) || e.keyword === 'boolean' || e.keyword === 'anyOf') continue;
        seen.add(field);
        errors.push(bodyError(field, e.message, `取值不符合要求:${e.message}`));
      }
    }
  });
  return errors.slice(0, MAX_REPORTED);
}
