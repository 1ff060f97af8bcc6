import { decodeLedgerText } from '../imports/decodeText.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { Type } from 'typebox';
import { withTransaction } from '../db/transaction.js';
import { bodyError, InvalidInputError } from '../domain/errors.js';
import { COMPOUND_LAYER, layerErrors, LayerImportBody, MAX_LAYER_FEATURES, ROAD_LAYER, type LayerImport } from '../domain/referenceLayers.js';
import { csvToPointFeatures } from '../domain/csvPoints.js';
import { insertCompounds, insertRoads, invalidGeometries } from '../queries/referenceLayers.js';
import { errorResponses } from './errorResponses.js';

/** Enough for MAX_LAYER_FEATURES compounds drawn as polygons. */
const LAYER_BODY_LIMIT = 50 * 1024 * 1024;

const ImportResult = Type.Object({ layer: Type.String(), inserted: Type.Integer() });

/**
 * Imports a whole layer or nothing: every feature is checked (shape, then
 * GEOS validity in the same transaction) before any is written.
 */
async function importLayer(
  pool: pg.Pool,
  body: LayerImport,
  check: (body: LayerImport) => ReturnType<typeof layerErrors>,
  insert: (client: pg.PoolClient) => Promise<number>,
): Promise<number> {
  const errors = check(body);
  if (errors.length > 0) throw new InvalidInputError(errors);
  return withTransaction(pool, async (client) => {
    const invalid = await invalidGeometries(client, body.features.map((f) => f.geometry));
    if (invalid.length > 0) {
      throw new InvalidInputError(
        invalid.slice(0, 50).map((e) => bodyError(`/features/${e.index}/geometry`, `invalid geometry: ${e.reason}`, `几何无效:${e.reason}`)),
      );
    }
    return insert(client);
  });
}

export const layerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Points may come as CSV with lon/lat columns; they become the same FeatureCollection.
  // Read as bytes: a list saved by Excel on a Chinese Windows is GBK, which a UTF-8 reading would garble without a word.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: LAYER_BODY_LIMIT }, (_request, body, done) => {
    const decoded = decodeLedgerText(body as Buffer);
    if (!decoded.ok) {
      done(new InvalidInputError([bodyError('', decoded.en, decoded.zh)]), undefined);
      return;
    }
    try {
      done(null, csvToPointFeatures(decoded.text));
    } catch (err) {
      done(new InvalidInputError([bodyError('', (err as Error).message, `CSV 无法读取:${(err as Error).message}`)]), undefined);
    }
  });

  const schema = (summary: string) => ({
    summary,
    description:
      `A GeoJSON FeatureCollection of at most ${MAX_LAYER_FEATURES} features, or (points) text/csv with lon/lat columns; ` +
      'all are stored or none. Errors name features by index: in a CSV, feature i is data row i + 1.',
    tags: ['layers'],
    body: LayerImportBody,
    response: { 201: ImportResult, ...errorResponses(401, 403, 413, 415) },
  });

  app.post('/api/layers/compounds', { bodyLimit: LAYER_BODY_LIMIT, schema: schema('Import residential compounds (households, year built); administrators'), onRequest: app.authorize('manageReferenceLayers') }, async (request, reply) => {
    const inserted = await importLayer(
      app.db.pool,
      request.body,
      (body) => layerErrors(COMPOUND_LAYER, body),
      (client) =>
        insertCompounds(
          client,
          request.body.features.map((f) => ({
            name: String(f.properties.name).trim(),
            households: f.properties.households as number,
            year_built: (f.properties.year_built as number | null | undefined) ?? null,
            geometry: f.geometry,
          })),
        ),
    );
    return reply.code(201).send({ layer: 'compounds', inserted });
  });

  app.post('/api/layers/roads', { bodyLimit: LAYER_BODY_LIMIT, schema: schema('Import roads (name, class); administrators'), onRequest: app.authorize('manageReferenceLayers') }, async (request, reply) => {
    const inserted = await importLayer(
      app.db.pool,
      request.body,
      (body) => layerErrors(ROAD_LAYER, body),
      (client) =>
        insertRoads(
          client,
          request.body.features.map((f) => ({
            name: (f.properties.name as string | null | undefined) ?? null,
            road_class: (f.properties.road_class as string | null | undefined) ?? null,
            geometry: f.geometry,
          })),
        ),
    );
    return reply.code(201).send({ layer: 'roads', inserted });
  });
};
