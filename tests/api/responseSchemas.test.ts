import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../server/src/domain/errorBody.js';
import { startTestApp } from '../helpers/app.js';

/**
 * Every JSON route declares what it answers (issue 24): a schema for its
 * success, which also serializes it (fields it does not name are dropped), and
 * the one error body for its 4xx and 503, so the OpenAPI document tells a
 * client what both look like. Read from the document the app builds, so a new
 * route without a schema fails here.
 */

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
}
interface Response {
  content?: Record<string, { schema?: Schema }>;
}
interface OpenApi {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
}

/**
 * Routes whose success is not JSON, each with the reason. Their errors are
 * JSON and still checked. (The embed page, HTML, and the tile route for any
 * layer, which the three named tile routes document, are hidden from the document.)
 */
const NOT_JSON: Record<string, string> = {
  'GET /api/projects/export': 'an XLSX or CSV ledger (or GeoJSON), streamed as a file download',
  'GET /api/photos/{id}': 'the photo’s bytes (JPEG, PNG or WebP)',
  'GET /api/imports/{id}/rejected.xlsx': 'the rejected rows as an XLSX workbook',
  'GET /tiles/projects/{z}/{x}/{y}.mvt': 'Mapbox vector tiles (protobuf)',
  'GET /tiles/areas/{z}/{x}/{y}.mvt': 'Mapbox vector tiles (protobuf)',
  'GET /tiles/gaps/{z}/{x}/{y}.mvt': 'Mapbox vector tiles (protobuf)',
};

/** Open311 answers in GeoReport v2's own format: errors are a list of {code, description}. */
const isOpen311 = (path: string) => path.startsWith('/open311/');

/** The statuses every route can answer with the error body (see routes/errorResponses.ts). */
const ALWAYS = ['400', '429', '503'];

let doc: OpenApi;
beforeAll(async () => {
  const app: FastifyInstance = await startTestApp();
  doc = app.swagger() as unknown as OpenApi;
  await app.close();
});

function operations(): { key: string; path: string; responses: Record<string, Response> }[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, responses: op.responses })),
  );
}

const jsonSchemaOf = (response: Response | undefined): Schema | undefined =>
  Object.entries(response?.content ?? {}).find(([type]) => /json/.test(type))?.[1].schema;

const errorFields = Object.keys(ErrorBody.properties).sort();

describe('the OpenAPI document', () => {
  it('lists the routes (the test reads something)', () => {
    expect(operations().length).toBeGreaterThan(40);
  });

  it('describes the success of every JSON route with a schema', () => {
    const missing = operations()
      .filter((op) => !(op.key in NOT_JSON))
      .filter((op) => {
        const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s)).sort();
        if (success.length === 0) return true;
        // 204 has no body to describe.
        return success.some((s) => s !== '204' && !jsonSchemaOf(op.responses[s]));
      })
      .map((op) => op.key);
    expect(missing).toEqual([]);
  });

  it('describes the errors of every route with the one error body (Open311 with its own)', () => {
    const wrong = operations().flatMap((op) => {
      const problems: string[] = [];
      const statuses = Object.keys(op.responses).filter((s) => /^[45]\d\d$/.test(s));
      for (const s of isOpen311(op.path) ? ['400'] : ALWAYS) if (!statuses.includes(s)) problems.push(`${op.key}: no ${s}`);
      for (const s of statuses) {
        const schema = jsonSchemaOf(op.responses[s]);
        const ok = isOpen311(op.path)
          ? schema?.type === 'array' && Object.keys(schema.items?.properties ?? {}).sort().join() === 'code,description'
          : schema?.type === 'object' && Object.keys(schema.properties ?? {}).sort().join() === errorFields.join();
        if (!ok) problems.push(`${op.key}: ${s} is not the error body`);
      }
      return problems;
    });
    expect(wrong).toEqual([]);
  });

  it('allows only routes that exist to answer other than JSON', () => {
    const keys = new Set(operations().map((op) => op.key));
    expect(Object.keys(NOT_JSON).filter((k) => !keys.has(k))).toEqual([]);
  });
});
