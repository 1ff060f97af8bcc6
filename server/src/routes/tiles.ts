import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { InvalidInputError, RequestRefusedError } from '../domain/errors.js';
import { etagOf, matchesIfNoneMatch } from '../tiles/caching.js';
import { areaLevelsAt, AREA_LEVEL_MIN_ZOOM, TILE_LAYER_NAMES, TILE_LAYERS, TILE_OVERVIEW, type TileLayer, type TileLayerName } from '../domain/tileLayers.js';
import { tileRendererFor } from '../tiles/renderer.js';
import { tileAddressErrors, type TileAddress } from '../tiles/tile.js';
import { areaExists } from '../queries/areas.js';
import { HOTSPOT_REACH_RADII } from '../queries/tiles.js';
import { PositiveInt4 } from '../domain/schemaTypes.js';
import { coverageParamsOf, CoverageParamsQuery } from './coverageQuery.js';
import { noSuchArea, projectFilterOf, ProjectFilterQuery } from './projectListQuery.js';
import { errorResponses } from './errorResponses.js';

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

/**
 * Tile requests per minute per address, counted apart from the API's. A map
 * asks for 20–40 tiles per view and more while zooming (every zoom it passes
 * through), so the API's budget would stop one busy visitor, let alone an
 * office behind one address. Sessions are not read on /tiles, so staff count
 * too. A tile costs well under a millisecond of SQL at the zooms served.
 */
export const TILE_REQUESTS_PER_MINUTE = 6000;

const { bbox: _tileIsTheBbox, ...TileFilterQuery } = ProjectFilterQuery;

/** Not read by the server: a version the client puts in the URL so that caches hold tiles of the data it has seen. */
const DataVersion = Type.Optional(
  Type.String({
    maxLength: 64,
    pattern: '^[A-Za-z0-9._:-]*$',
    description: 'not read by the server: a version the client puts in the URL so that caches hold tiles of the data it has seen (the map uses the summary total and changed_at)',
  }),
);

const ProjectTileQuery = Type.Object({ ...TileFilterQuery, v: DataVersion }, { additionalProperties: false });

const GapTileQuery = Type.Object(
  {
    ...CoverageParamsQuery,
    area: Type.Optional(PositiveInt4({ description: 'only the gaps of this area (its streets and communities included); all when absent' })),
    v: DataVersion,
  },
  { additionalProperties: false },
);

const TileParams = Type.Object(
  {
    z: Type.Integer({ minimum: 0, maximum: 30, description: 'zoom' }),
    x: Type.Integer({ minimum: 0, maximum: 2 ** 30 - 1, description: 'column, from the west: 0 to 2^z − 1' }),
    y: Type.Integer({ minimum: 0, maximum: 2 ** 30 - 1, description: 'row, from the north: 0 to 2^z − 1' }),
  },
  { additionalProperties: false },
);

const TileResponses = {
  // The tile under its own content type; the errors below are JSON.
  200: {
    description: 'a Mapbox Vector Tile (v2, extent 4096) with one layer named after the path',
    content: { [MVT_CONTENT_TYPE]: { schema: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) } },
  },
  204: Type.Null({ description: 'no feature in this tile: nothing to draw' }),
  304: Type.Null({ description: 'the tile is still the one whose ETag was sent in If-None-Match' }),
  ...errorResponses(),
};

const range = (name: TileLayerName) => `zooms ${TILE_LAYERS[name].minZoom}–${TILE_LAYERS[name].maxZoom}`;

/** A zoom, column or row the layer has no tile for is a 400 naming it. */
function checkedTile(name: TileLayerName, tile: TileAddress): TileAddress {
  const errors = tileAddressErrors(name, TILE_LAYERS[name], tile);
  if (errors.length > 0) throw new InvalidInputError(errors);
  return tile;
}

/**
 * The request as anyone would make it. Tiles are public and shared by caches,
 * so a session must never change one (a unit user's list is cut to its unit;
 * its map tiles are not). Sessions are not even read on /tiles today; this
 * keeps it so if that changes.
 */
function asPublic(request: FastifyRequest): FastifyRequest {
  return Object.create(request, { user: { value: null } }) as FastifyRequest;
}

/** A tile is the whole answer: nothing to page through. */
const WHOLE_TILE = { afterId: 0, limit: 0 };

/**
 * Sends a tile with its caching headers: 304 when the client holds these
 * very bytes, 204 when there is nothing to draw. 204 rather than an empty
 * 200: MapLibre and other clients take it as an empty tile without decoding,
 * and it is what pg_tileserv and martin answer, so caches and tools know it.
 */
function sendTile(request: FastifyRequest, reply: FastifyReply, bytes: Uint8Array, layer: TileLayer): FastifyReply {
  const etag = etagOf(bytes);
  reply.header('cache-control', `public, max-age=${layer.maxAge}`).header('etag', etag);
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  if (bytes.length === 0) return reply.code(204).send();
  return reply.type(MVT_CONTENT_TYPE).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export const tileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const renderer = await tileRendererFor(app.db.pool);
  app.log.info({ encoder: renderer.encoder }, `vector tiles encoded by ${renderer.encoder === 'database' ? 'PostGIS (ST_AsMVT)' : 'JavaScript (geojson-vt, vt-pbf)'}`);

  const perAddress = app.rateLimit({
    max: TILE_REQUESTS_PER_MINUTE,
    timeWindow: 60_000,
    // Replaces the API's allowList, which lets everything outside the API through.
    allowList: () => false,
  });
  const tileRoute = {
    // The limit above instead of the API's.
    config: { rateLimit: false as const },
    onRequest: perAddress,
    // MVT is not among the types @fastify/compress knows to compress; gzip takes 40–50 % off a tile.
    compress: { customTypes: /^application\/vnd\.mapbox-vector-tile/ },
  };
  /** A tile route's OpenAPI schema: what it says and what it takes, and what every tile route shares. */
  const tileSchema = <Q extends TSchema>(name: TileLayerName, summary: string, description: string, querystring: Q) => ({
    summary,
    description:
      `${description} Public and cacheable: Cache-Control max-age ${TILE_LAYERS[name].maxAge} s, a strong ETag, 304 on If-None-Match. ` +
      `Out of ${range(name)}, or x or y beyond 2^z − 1, is a 400.`,
    tags: ['tiles'],
    params: TileParams,
    querystring,
    response: TileResponses,
  });

  app.get(
    '/tiles/projects/:z/:x/:y.mvt',
    {
      ...tileRoute,
      schema: tileSchema(
        'projects',
        'Projects as Mapbox Vector Tiles, filtered like the project list',
        `Layer "projects", ${range('projects')} (lower zooms would be raw points by the thousand). Feature id = project id; ` +
          'properties kind, status, title, overdue, deadline, area_name, unit_name: public fields only, whoever asks. ' +
          `Below zoom ${TILE_OVERVIEW.belowZoom} a tile is an overview: its points counted per cell of a ${TILE_OVERVIEW.cellsPerSide}² grid ` +
          'over the tile. A cell of one project is that project, with kind, status and overdue only; a cell of more is one point ' +
          'at their mean position with point_count and overdue_count, id its lowest project id. Lines and polygons are all kept. ' +
          "The list's filters except bbox (the tile is the box).",
        ProjectTileQuery,
      ),
    },
    async (request, reply) => {
      const tile = checkedTile('projects', request.params);
      const { filter } = await projectFilterOf(asPublic(request), request.query, app.db.pool, app.today(), WHOLE_TILE);
      return sendTile(request, reply, await renderer.projects(tile, filter), TILE_LAYERS.projects);
    },
  );

  app.get(
    '/tiles/areas/:z/:x/:y.mvt',
    {
      ...tileRoute,
      schema: tileSchema(
        'areas',
        'District, street and community boundaries as Mapbox Vector Tiles',
        `Layer "areas", ${range('areas')}: districts from zoom ${AREA_LEVEL_MIN_ZOOM.district}, streets from ${AREA_LEVEL_MIN_ZOOM.street}, ` +
          `communities from ${AREA_LEVEL_MIN_ZOOM.community}. Feature id = area id (what area= filters take); properties name, name_en, ` +
          'level, parent (absent for districts).',
        Type.Object({}, { additionalProperties: false }),
      ),
    },
    async (request, reply) => {
      const tile = checkedTile('areas', request.params);
      return sendTile(request, reply, await renderer.areas(tile, areaLevelsAt(tile.z)), TILE_LAYERS.areas);
    },
  );

  app.get(
    '/tiles/gaps/:z/:x/:y.mvt',
    {
      ...tileRoute,
      schema: tileSchema(
        'gaps',
        'Gaps — need with no project — as Mapbox Vector Tiles, as /api/gaps defines them',
        `Layer "gaps", ${range('gaps')}: every gap of the kind in the tile, not only the largest (the ranked list is /api/gaps). ` +
          'charging: compounds with no working site within radius; compound: old compounds not renovated; streetlight: the unlit stretches of roads; ' +
          `drainage: unresolved hotspots (reports within ${HOTSPOT_REACH_RADII} hotspot radii around the tile are clustered with it). ` +
          "Feature id = compound id, road id, or a hotspot's lowest project id; properties as /api/gaps gives them, but a hotspot's project_ids.",
        GapTileQuery,
      ),
    },
    async (request, reply) => {
      const tile = checkedTile('gaps', request.params);
      const q = request.query;
      if (q.area !== undefined && !(await areaExists(app.db.pool, q.area))) {
        throw new InvalidInputError([noSuchArea(q.area)]);
      }
      const bytes = await renderer.gaps(tile, { kind: q.kind, params: coverageParamsOf(q), areaId: q.area });
      return sendTile(request, reply, bytes, TILE_LAYERS.gaps);
    },
  );

  // Any other layer: a 404 naming the layers there are, rather than the static files' plain one. Hidden from the
  // API document, which lists the three layers as routes of their own; it answers nothing but the error body.
  const AnyLayer = Type.Object({ layer: Type.String() }, { additionalProperties: true });
  app.get('/tiles/:layer/:z/:x/:y.mvt', { ...tileRoute, schema: { hide: true, params: AnyLayer, response: errorResponses(404) } }, async (request) => {
    const { layer } = request.params;
    throw new RequestRefusedError(
      404,
      'UNKNOWN_LAYER',
      `there is no tile layer ${JSON.stringify(layer)}; the layers are ${TILE_LAYER_NAMES.join(', ')}`,
      `没有名为 ${JSON.stringify(layer)} 的瓦片图层;可用图层:${TILE_LAYER_NAMES.join('、')}`,
    );
  });
};
