import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Unit, UnitBody } from '../domain/api/units.js';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import { allUnits } from '../queries/units.js';
import { changeUnit, createUnit } from '../services/units.js';
import { Int4IdParams } from './params.js';
import { errorResponses } from './errorResponses.js';

export const unitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/units',
    {
      schema: {
        summary: 'Responsible units (责任单位)',
        tags: ['units'],
        querystring: Type.Object({ district: Type.Optional(PositiveInt4()) }, { additionalProperties: false }),
        response: { 200: Type.Array(Unit), ...errorResponses() },
      },
    },
    async (request) => allUnits(app.db.pool, request.query.district),
  );

  app.post(
    '/api/units',
    {
      schema: { summary: 'Add a responsible unit (administrators)', tags: ['units'], body: UnitBody, response: { 201: Unit, ...errorResponses(401, 403, 413, 415) } },
      onRequest: app.authorize('manageUnits'),
    },
    async (request, reply) => reply.code(201).send(await createUnit(app.db.pool, request.body)),
  );

  app.patch(
    '/api/units/:id',
    {
      schema: {
        summary: 'Rename or move a responsible unit (administrators)',
        tags: ['units'],
        params: Int4IdParams,
        body: Type.Partial(UnitBody, { additionalProperties: false }),
        response: { 200: Unit, ...errorResponses(401, 403, 404, 413, 415) },
      },
      onRequest: app.authorize('manageUnits'),
    },
    async (request) => changeUnit(app.db.pool, request.params.id, request.body),
  );
};
