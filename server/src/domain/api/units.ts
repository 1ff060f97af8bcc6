import { Type } from 'typebox';
import { NonBlankString, Nullable, PositiveInt4 } from '../schemaTypes.js';

/** A responsible unit (责任单位), as /api/units answers. */
export const Unit = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  name_en: Type.Union([Type.String(), Type.Null()]),
  district_id: Type.Union([Type.Integer(), Type.Null()]),
  short_names: Type.Array(Type.String(), { description: '简称: the names ledgers and lists write for this unit' }),
  is_demo: Type.Boolean(),
});

/** A unit to add, or its fields to change (`PATCH` takes the same, every field optional). */
export const UnitBody = Type.Object(
  {
    name: NonBlankString(100),
    name_en: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    district_id: Type.Optional(Nullable(PositiveInt4({ description: 'the district it works in; empty for a county-wide bureau' }))),
    short_names: Type.Optional(
      Type.Array(NonBlankString(50), { maxItems: 50, uniqueItems: true, description: '简称 such as 区城管局: a ledger naming the unit so resolves to it' }),
    ),
  },
  { additionalProperties: false },
);
