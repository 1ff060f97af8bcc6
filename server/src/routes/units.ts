import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { allUnits } from '../queries/units.js';

const Unit = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  name_en: Type.Union([Type.String(), Type.Null()]),
  district_id: Type.Union([Type.Integer(), Type.Null()]),
  is_demo: Type.Boolean(),
});

export const unitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/units',
    {
      schema: {
        summary: 'Responsible units (责任单位)',
        tags: ['units'],
        querystring: Type.Object({ district: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
        response: { 200: Type.Array(Unit) },
      },
    },
    async (request) => allUnits(app.db.pool, request.query.district),
  );
};
