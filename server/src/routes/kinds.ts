import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { KINDS } from '../domain/kinds/index.js';
import { STATUS_LABELS, STATUSES } from '../domain/status.js';

/** The registry as data, for clients that do not share the TypeScript (importers, other systems). */
export const kindRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/kinds', { schema: { summary: 'Project kinds, their geometry types and attributes', tags: ['projects'] } }, async () => ({
    kinds: KINDS.map((k) => ({
      code: k.code,
      name: k.name,
      geometry_types: k.geometryTypes,
      default_time_limit_days: k.defaultTimeLimitDays,
      color: k.color,
      symbol: k.symbol,
      attributes: k.attributes,
      attribute_labels: k.attributeLabels,
      value_labels: k.valueLabels ?? {},
    })),
    statuses: STATUSES.map((s) => ({ code: s, name: STATUS_LABELS[s] })),
  }));
};
