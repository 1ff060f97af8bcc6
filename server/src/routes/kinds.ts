import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { GEOMETRY_TYPES, KINDS } from '../domain/kinds/index.js';
import { STATUS_LABELS, STATUSES } from '../domain/status.js';
import { errorResponses } from './errorResponses.js';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

/** The registry as other systems read it. */
export const KindList = Type.Object({
  kinds: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Bilingual,
      geometry_types: Type.Array(Type.Enum(GEOMETRY_TYPES)),
      default_time_limit_days: Type.Integer(),
      color: Type.String({ description: 'a CSS hex colour' }),
      symbol: Type.String({ description: 'the character drawn on the map' }),
      attributes: Type.Unknown({ description: 'the JSON Schema of the kind\'s attributes' }),
      attribute_labels: Type.Record(Type.String(), Bilingual),
      value_labels: Type.Record(Type.String(), Type.Record(Type.String(), Bilingual), { description: 'labels of coded attribute values' }),
    }),
  ),
  statuses: Type.Array(Type.Object({ code: Type.Enum(STATUSES), name: Bilingual })),
});

/** The registry as data, for clients that do not share the TypeScript (importers, other systems). */
export const kindRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/kinds',
    { schema: { summary: 'Project kinds, their geometry types and attributes', tags: ['projects'], response: { 200: KindList, ...errorResponses() } } },
    async () => ({
      kinds: KINDS.map((k) => ({
        code: k.code,
        name: k.name,
        geometry_types: [...k.geometryTypes],
        default_time_limit_days: k.defaultTimeLimitDays,
        color: k.color,
        symbol: k.symbol,
        attributes: k.attributes,
        attribute_labels: k.attributeLabels,
        value_labels: k.valueLabels ?? {},
      })),
      statuses: STATUSES.map((s) => ({ code: s, name: STATUS_LABELS[s] })),
    }),
  );
};
