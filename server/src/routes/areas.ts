import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import { Type } from 'typebox';
import { AREA_LEVELS } from '../domain/area.js';
import { NotFoundError } from '../domain/errors.js';
import { areaById, areasByLevelAndParent, type AreaRow } from '../queries/areas.js';
import { addArea, changeAreaNames } from '../services/areas.js';
import { NonBlankString } from '../domain/schemaTypes.js';
import { GeometryInput } from '../domain/project.js';
import { AreaCollection, AreaFeature } from '../domain/api/areas.js';
import { Int4IdParams } from './params.js';
import { errorResponses } from './errorResponses.js';

const AreasQuery = Type.Object(
  {
    level: Type.Optional(Type.Enum(AREA_LEVELS)),
    parent: Type.Optional(PositiveInt4()),
  },
  { additionalProperties: false },
);

const AreaNames = {
  code: Type.String({ pattern: '^[0-9A-Za-z-]{2,32}$', description: 'GB/T 2260 for districts; your own codes below' }),
  name: NonBlankString(100),
  name_en: NonBlankString(200),
};

const NewAreaBody = Type.Object(
  {
    type: Type.Literal('Feature'),
    geometry: GeometryInput,
    properties: Type.Object(
      {
        ...AreaNames,
        level: Type.Enum(AREA_LEVELS),
        parent_id: Type.Optional(Type.Union([PositiveInt4(), Type.Null()])),
        prefecture: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

function areaFeature(row: AreaRow) {
  const { id, geometry, bbox, ...properties } = row;
  return { type: 'Feature' as const, id, bbox, geometry, properties };
}

export const areaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/areas',
    {
      schema: {
        summary: 'Administrative areas (district → street → community) as GeoJSON',
        tags: ['areas'],
        querystring: AreasQuery,
        response: { 200: AreaCollection, ...errorResponses() },
      },
    },
    async (request) => {
      const rows = await areasByLevelAndParent(app.db.pool, request.query);
      return { type: 'FeatureCollection' as const, features: rows.map(areaFeature) };
    },
  );

  app.get(
    '/api/areas/:id',
    { schema: { summary: 'One area', tags: ['areas'], params: Int4IdParams, response: { 200: AreaFeature, ...errorResponses(404) } } },
    async (request) => {
      const row = await areaById(app.db.pool, request.params.id);
      if (!row) throw new NotFoundError(`area ${request.params.id} does not exist`);
      return areaFeature(row);
    },
  );

  app.post(
    '/api/areas',
    {
      schema: {
        summary: 'Add an area (administrators): a valid polygon, a parent of the level above; what lies inside is re-assigned to it',
        tags: ['areas'],
        body: NewAreaBody,
        response: { 201: AreaFeature, ...errorResponses(401, 403, 413, 415) },
      },
      onRequest: app.authorize('manageAreas'),
    },
    async (request, reply) => {
      const id = await addArea(app.db.pool, request.body);
      return reply.code(201).send(areaFeature((await areaById(app.db.pool, id))!));
    },
  );

  app.patch(
    '/api/areas/:id',
    {
      schema: {
        summary: 'Rename an area or change its code (administrators)',
        tags: ['areas'],
        params: Int4IdParams,
        body: Type.Partial(Type.Object(AreaNames), { additionalProperties: false }),
        response: { 200: AreaFeature, ...errorResponses(401, 403, 404, 413, 415) },
      },
      onRequest: app.authorize('manageAreas'),
    },
    async (request) => {
      const current = await areaById(app.db.pool, request.params.id);
      if (!current) throw new NotFoundError(`area ${request.params.id} does not exist`);
      await changeAreaNames(app.db.pool, current.id, request.body, current);
      return areaFeature((await areaById(app.db.pool, current.id))!);
    },
  );
};
