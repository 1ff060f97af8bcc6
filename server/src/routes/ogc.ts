import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { InvalidInputError, NotFoundError, type FieldError } from '../domain/errors.js';
import {
  COLLECTIONS,
  CONFORMANCE_CLASSES,
  CRS84,
  DEFAULT_ITEMS_LIMIT,
  findCollection,
  MAX_ITEMS_LIMIT,
  parseDatetime,
  type CollectionDefinition,
} from '../domain/ogc.js';
import { parseOgcBbox } from '../domain/projectFilter.js';
import { districtsExtent, referenceFeatureById, referenceFeaturesPage } from '../queries/ogc.js';
import { projectsOfKindPage } from '../queries/projects.js';
import { projectInReach } from '../services/projectAccess.js';
import { projectListFeature } from './projectFeature.js';
import { errorResponses } from './errorResponses.js';

const GEOJSON = 'application/geo+json';

const Link = Type.Object({
  href: Type.String(),
  rel: Type.String(),
  type: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
});

const Collection = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  links: Type.Array(Link),
  extent: Type.Object({
    spatial: Type.Object({ bbox: Type.Array(Type.Array(Type.Number())), crs: Type.String() }),
  }),
  itemType: Type.Literal('feature'),
  crs: Type.Array(Type.String()),
});

const FeatureOut = Type.Object(
  { type: Type.Literal('Feature'), id: Type.Integer(), geometry: Type.Unknown(), properties: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: true },
);

const ItemsQuery = Type.Object(
  {
    bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat in CRS84' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, description: `items per page, ${DEFAULT_ITEMS_LIMIT} unless given; more than ${MAX_ITEMS_LIMIT} is lowered to it` })),
    offset: Type.Optional(Type.Integer({ minimum: 0, description: 'items to skip; follow the next link rather than counting' })),
    datetime: Type.Optional(Type.String({ description: 'report date: an RFC 3339 date or date-time, or an interval a/b with .. for an open end' })),
    f: Type.Optional(Type.Enum(['json', 'geojson'], { description: 'the only encoding is GeoJSON' })),
  },
  { additionalProperties: false },
);

const CollectionParams = Type.Object({ collectionId: Type.String() }, { additionalProperties: false });
const ItemParams = Type.Object(
  { collectionId: Type.String(), featureId: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) },
  { additionalProperties: false },
);

/** Absolute links, as GDAL and QGIS expect, from the address the client used. */
function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function collectionOf(id: string): CollectionDefinition {
  const collection = findCollection(id);
  if (!collection) throw new NotFoundError(`there is no collection ${id}; see /ogc/collections`);
  return collection;
}

/** OGC API – Features Part 1 under /ogc: public fields only, for GIS software and other systems. */
export const ogcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const describe = (c: CollectionDefinition, base: string, bbox: number[] | null) => ({
    id: c.id,
    title: `${c.title.zh} ${c.title.en}`,
    description: c.description,
    links: [
      { href: `${base}/ogc/collections/${c.id}`, rel: 'self', type: 'application/json', title: 'this collection' },
      { href: `${base}/ogc/collections/${c.id}/items`, rel: 'items', type: GEOJSON, title: 'its features' },
    ],
    extent: { spatial: { bbox: [bbox ?? [-180, -90, 180, 90]], crs: CRS84 } },
    itemType: 'feature' as const,
    crs: [CRS84],
  });

  app.get(
    '/ogc',
    { schema: { summary: 'OGC API – Features landing page', tags: ['ogc'], response: { 200: Type.Object({ title: Type.String(), description: Type.String(), links: Type.Array(Link) }), ...errorResponses() } } },
    async (request) => {
      const base = baseUrl(request);
      return {
        title: '民生地图 Minsheng Map — OGC API Features',
        description: 'Livelihood projects (民生实事), areas and reference layers, public fields only.',
        links: [
          { href: `${base}/ogc`, rel: 'self', type: 'application/json', title: 'this document' },
          { href: `${base}/docs/json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'the API definition' },
          { href: `${base}/docs`, rel: 'service-doc', type: 'text/html', title: 'the API documentation' },
          { href: `${base}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'conformance classes' },
          { href: `${base}/ogc/collections`, rel: 'data', type: 'application/json', title: 'the collections' },
        ],
      };
    },
  );

  app.get(
    '/ogc/conformance',
    { schema: { summary: 'The conformance classes this API implements', tags: ['ogc'], response: { 200: Type.Object({ conformsTo: Type.Array(Type.String()) }), ...errorResponses() } } },
    async () => ({ conformsTo: [...CONFORMANCE_CLASSES] }),
  );

  app.get(
    '/ogc/collections',
    {
      schema: {
        summary: 'The collections: projects of each kind, areas, compounds, roads',
        tags: ['ogc'],
        response: { 200: Type.Object({ links: Type.Array(Link), collections: Type.Array(Collection) }), ...errorResponses() },
      },
    },
    async (request) => {
      const base = baseUrl(request);
      const bbox = await districtsExtent(app.db.pool);
      return {
        links: [{ href: `${base}/ogc/collections`, rel: 'self', type: 'application/json', title: 'this document' }],
        collections: COLLECTIONS.map((c) => describe(c, base, bbox)),
      };
    },
  );

  app.get(
    '/ogc/collections/:collectionId',
    { schema: { summary: 'One collection', tags: ['ogc'], params: CollectionParams, response: { 200: Collection, ...errorResponses(404) } } },
    async (request) => describe(collectionOf(request.params.collectionId), baseUrl(request), await districtsExtent(app.db.pool)),
  );

  app.get(
    '/ogc/collections/:collectionId/items',
    {
      schema: {
        summary: 'Features of a collection, filtered by bbox and datetime, paged by limit and offset',
        tags: ['ogc'],
        params: CollectionParams,
        querystring: ItemsQuery,
        response: {
          200: Type.Object({
            type: Type.Literal('FeatureCollection'),
            features: Type.Array(FeatureOut),
            numberReturned: Type.Integer(),
            timeStamp: Type.String(),
            links: Type.Array(Link),
          }),
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => {
      const collection = collectionOf(request.params.collectionId);
      const q = request.query;
      const errors: FieldError[] = [];
      const bbox = q.bbox === undefined ? undefined : parseOgcBbox(q.bbox);
      if (bbox?.error) errors.push(bbox.error);
      const datetime = q.datetime === undefined ? undefined : parseDatetime(q.datetime, app.timeZone);
      if (datetime?.error) errors.push(datetime.error);
      if (errors.length > 0) throw new InvalidInputError(errors);

      const limit = Math.min(q.limit ?? DEFAULT_ITEMS_LIMIT, MAX_ITEMS_LIMIT);
      const offset = q.offset ?? 0;
      const today = app.today();
      const source = collection.source;
      const features =
        source.table === 'projects'
          ? (
              await projectsOfKindPage(app.db.pool, {
                kind: source.kind,
                windows: bbox?.windows,
                reportedFrom: datetime?.from,
                reportedTo: datetime?.to,
                limit,
                offset,
              })
            ).map((row) => projectListFeature(row, today))
          : // These features have no time: datetime selects them all.
            (await referenceFeaturesPage(app.db.pool, source.table, { windows: bbox?.windows, limit, offset })).map((r) => ({ type: 'Feature' as const, ...r }));

      const base = baseUrl(request);
      const page = (newOffset: number) => {
        const url = new URL(request.url, base);
        url.searchParams.set('offset', String(newOffset));
        url.searchParams.set('limit', String(limit));
        return url.toString();
      };
      const links = [
        { href: new URL(request.url, base).toString(), rel: 'self', type: GEOJSON, title: 'this page' },
        { href: `${base}/ogc/collections/${collection.id}`, rel: 'collection', type: 'application/json', title: 'the collection' },
        ...(features.length === limit ? [{ href: page(offset + limit), rel: 'next', type: GEOJSON, title: 'the next page' }] : []),
        ...(offset > 0 ? [{ href: page(Math.max(0, offset - limit)), rel: 'prev', type: GEOJSON, title: 'the previous page' }] : []),
      ];
      reply.type(GEOJSON);
      return { type: 'FeatureCollection' as const, features, numberReturned: features.length, timeStamp: new Date().toISOString(), links };
    },
  );

  app.get(
    '/ogc/collections/:collectionId/items/:featureId',
    { schema: { summary: 'One feature', tags: ['ogc'], params: ItemParams, response: { 200: FeatureOut, ...errorResponses(404) } } },
    async (request, reply) => {
      const collection = collectionOf(request.params.collectionId);
      const id = request.params.featureId;
      const base = baseUrl(request);
      const links = [
        { href: `${base}/ogc/collections/${collection.id}/items/${id}`, rel: 'self', type: GEOJSON },
        { href: `${base}/ogc/collections/${collection.id}`, rel: 'collection', type: 'application/json' },
      ];
      const source = collection.source;
      let feature;
      if (source.table === 'projects') {
        // Public reads: the public's view of a project, never a logged-in user's.
        const row = await projectInReach(app.db.pool, id, null);
        if (row.kind !== source.kind) throw new NotFoundError(`there is no feature ${id} in ${collection.id}`);
        feature = projectListFeature(row, app.today());
      } else {
        const row = await referenceFeatureById(app.db.pool, source.table, id);
        if (!row) throw new NotFoundError(`there is no feature ${id} in ${collection.id}`);
        feature = { type: 'Feature' as const, ...row };
      }
      reply.type(GEOJSON);
      return { ...feature, links };
    },
  );
};
