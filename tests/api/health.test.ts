import { readdirSync } from 'node:fs';
import { MIGRATIONS_DIR } from '../../server/src/db/migrate.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('GET /api/health', () => {
  it('says which database is in use, its PostGIS version and the migration level', async () => {
    const response = await app.inject('/api/health');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    // The level is the number of the newest migration file.
    const newest = Math.max(...readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).map((f) => Number.parseInt(f, 10)));
    expect(body).toMatchObject({ status: 'ok', database: inject('databaseKind'), migration: newest });
    expect(body.postgis).toMatch(/^3\.\d+/);
    expect(body.postgres).toMatch(/^\d+/);
  });

  it('tags every response with a request id', async () => {
    const response = await app.inject('/api/health');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('OpenAPI document', () => {
  it('is served at /docs/json and describes the project routes', async () => {
    const response = await app.inject('/docs/json');
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/areas', '/api/projects', '/api/projects/{id}', '/api/projects/{id}/history']),
    );
  });

  it('is browsable at /docs', async () => {
    const response = await app.inject('/docs/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});

describe('unknown API routes', () => {
  it('answer 404 in JSON', async () => {
    const response = await app.inject('/api/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
