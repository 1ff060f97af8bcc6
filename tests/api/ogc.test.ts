import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_CLASSES } from '../../server/src/domain/ogc.js';
import { startTestApp } from '../helpers/app.js';

const run = promisify(execFile);
const OGRINFO = '/usr/bin/ogrinfo';

let app: FastifyInstance;
let baseUrl: string;
let demoSecrets: string[];

beforeAll(async () => {
  app = await startTestApp();
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const { rows } = await app.db.pool.query<{ v: string }>(
    'SELECT DISTINCT v FROM (SELECT reporter_name AS v FROM projects UNION ALL SELECT reporter_phone FROM projects) s WHERE v IS NOT NULL',
  );
  demoSecrets = rows.map((r) => r.v);
});
afterAll(async () => {
  await app?.close();
});

const get = async (path: string) => {
  const response = await app.inject(path);
  return { status: response.statusCode, type: response.headers['content-type'], body: response.json() };
};

describe('OGC API – Features, Part 1', () => {
  it('has a landing page linking the API definition, conformance and the collections', async () => {
    const { status, body } = await get('/ogc');
    expect(status).toBe(200);
    const rels = Object.fromEntries(body.links.map((l: { rel: string; href: string }) => [l.rel, l.href]));
    expect(Object.keys(rels)).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
    expect(rels.data).toMatch(/^http:\/\/.+\/ogc\/collections$/);
    const openapi = await get(new URL(rels['service-desc']).pathname);
    expect(openapi.body.openapi).toMatch(/^3\.0/);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/ogc', '/ogc/collections/{collectionId}/items']));
  });

  it('declares Core, GeoJSON and OpenAPI 3.0', async () => {
    expect((await get('/ogc/conformance')).body.conformsTo).toEqual([...CONFORMANCE_CLASSES]);
  });

  it('lists a collection per kind of project plus areas, compounds and roads, each with its items link and extent', async () => {
    const { body } = await get('/ogc/collections');
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual([
      'streetlight_projects',
      'drainage_projects',
      'compound_projects',
      'charging_projects',
      'areas',
      'compounds',
      'roads',
    ]);
    for (const c of body.collections) {
      expect(c.links.find((l: { rel: string }) => l.rel === 'items').type).toBe('application/geo+json');
      // The districts' extent: it holds 石鼓区 (112.6°E 26.9°N); other test files add districts of their own elsewhere.
      const [minX, minY, maxX, maxY] = c.extent.spatial.bbox[0];
      expect(minX).toBeGreaterThanOrEqual(-180);
      expect(maxX).toBeLessThanOrEqual(180);
      expect([minX, minY]).toEqual([expect.any(Number), expect.any(Number)]);
      expect(minX < 112.5 && maxX > 112.7 && minY < 26.8 && maxY > 27).toBe(true);
    }
    expect((await get('/ogc/collections/charging_projects')).body.id).toBe('charging_projects');
    expect((await get('/ogc/collections/nope')).status).toBe(404);
  });

  it('pages items by limit and offset with next links, as GeoJSON with public fields only', async () => {
    const first = await get('/ogc/collections/streetlight_projects/items?limit=10');
    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^application\/geo\+json/);
    expect(first.body).toMatchObject({ type: 'FeatureCollection', numberReturned: 10 });
    expect(first.body.features.every((f: { properties: { kind: string } }) => f.properties.kind === 'streetlight')).toBe(true);
    const next = first.body.links.find((l: { rel: string }) => l.rel === 'next').href;
    const second = await get(new URL(next).pathname + new URL(next).search);
    const ids = [...first.body.features, ...second.body.features].map((f: { id: number }) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const all = await get('/ogc/collections/streetlight_projects/items?limit=10000');
    expect(all.body.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false);
    expect(JSON.stringify(all.body)).not.toMatch(/reporter_name|reporter_phone|internal_note/);
    for (const secret of demoSecrets) expect(JSON.stringify(all.body)).not.toContain(secret);
  });

  it('lowers a limit above the maximum instead of refusing it', async () => {
    const { status, body } = await get('/ogc/collections/areas/items?limit=999999');
    expect(status).toBe(200);
    expect(body.numberReturned).toBeGreaterThan(51);
  });

  it('filters by bbox and by report date (an instant or an interval)', async () => {
    const inBox = await get('/ogc/collections/drainage_projects/items?bbox=112.5,26.8,112.7,27.0&limit=10000');
    expect(inBox.body.numberReturned).toBeGreaterThan(0);
    for (const f of inBox.body.features) {
      const [x, y] = f.geometry.coordinates.flat(3).length > 2 ? [f.geometry.coordinates[0][0], f.geometry.coordinates[0][1]] : f.geometry.coordinates;
      expect(x).toBeGreaterThan(112.4);
      expect(y).toBeGreaterThan(26.7);
    }
    const { rows } = await app.db.pool.query<{ d: string }>("SELECT reported_on::text AS d FROM projects WHERE kind = 'drainage' ORDER BY id LIMIT 1");
    const day = rows[0]!.d;
    const onDay = await get(`/ogc/collections/drainage_projects/items?datetime=${day}&limit=10000`);
    expect(onDay.body.numberReturned).toBeGreaterThan(0);
    expect(onDay.body.features.every((f: { properties: { reported_on: string } }) => f.properties.reported_on === day)).toBe(true);
    const since = await get(`/ogc/collections/drainage_projects/items?datetime=${day}/..&limit=10000`);
    expect(since.body.features.every((f: { properties: { reported_on: string } }) => f.properties.reported_on >= day)).toBe(true);
    const until = await get(`/ogc/collections/drainage_projects/items?datetime=../${day}T23:59:59%2B08:00&limit=10000`);
    expect(until.body.features.every((f: { properties: { reported_on: string } }) => f.properties.reported_on <= day)).toBe(true);
    expect(since.body.numberReturned + until.body.numberReturned - onDay.body.numberReturned).toBe(
      (await get('/ogc/collections/drainage_projects/items?limit=10000')).body.numberReturned,
    );
  });

  it.each([
    ['bbox=1,2,3', '/bbox'],
    ['datetime=yesterday', '/datetime'],
    ['datetime=2026-02-30', '/datetime'],
    ['datetime=2026-05-01/2026-04-01', '/datetime'],
    ['datetime=../..', '/datetime'],
    ['limit=0', '/limit'],
    ['offset=-1', '/offset'],
    ['colour=red', '/colour'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const { status, body } = await get(`/ogc/collections/charging_projects/items?${query}`);
    expect(status).toBe(400);
    expect(body.errors[0].field).toBe(field);
  });

  it('serves one feature, and 404 for one that is not in the collection', async () => {
    const { rows } = await app.db.pool.query<{ id: number }>("SELECT id FROM projects WHERE kind = 'charging' AND deleted_at IS NULL LIMIT 1");
    const id = rows[0]!.id;
    const one = await get(`/ogc/collections/charging_projects/items/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ type: 'Feature', id, properties: { kind: 'charging' } });
    expect(one.body.properties).not.toHaveProperty('reporter_phone');
    expect((await get(`/ogc/collections/streetlight_projects/items/${id}`)).status).toBe(404);
    expect((await get('/ogc/collections/compounds/items/987654321')).status).toBe(404);
    const area = await get('/ogc/collections/areas/items/1');
    expect(area.body.properties).toHaveProperty('code');
  });
});

describe('GDAL reads the layers (ogrinfo OAPIF:)', () => {
  const unavailable = !existsSync(OGRINFO);
  if (unavailable) {
    if (process.env.CI === 'true') throw new Error('ogrinfo is missing under CI: apt-get install gdal-bin');
    console.warn('\n*** SKIPPING the ogrinfo test: apt-get install gdal-bin ***\n');
  }

  it.skipIf(unavailable)('lists every collection as a layer and reads features with their fields', async () => {
    const env = { ...process.env, GDAL_HTTP_TIMEOUT: '20', CPL_VSIL_CURL_ALLOWED_EXTENSIONS: '' };
    const layers = await run(OGRINFO, ['-ro', '-q', `OAPIF:${baseUrl}/ogc`], { env });
    for (const id of ['streetlight_projects', 'drainage_projects', 'compound_projects', 'charging_projects', 'areas', 'compounds', 'roads']) {
      expect(layers.stdout).toContain(id);
    }
    const { rows } = await app.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM projects WHERE kind = 'charging' AND deleted_at IS NULL");
    const summary = await run(OGRINFO, ['-ro', '-so', `OAPIF:${baseUrl}/ogc`, 'charging_projects'], { env });
    expect(summary.stdout).toMatch(/title: String|title \(String\)/);
    const features = await run(OGRINFO, ['-ro', '-al', '-q', `OAPIF:${baseUrl}/ogc`, 'charging_projects'], { env, maxBuffer: 64 * 1024 * 1024 });
    expect(features.stdout.match(/^OGRFeature/gm)?.length).toBe(rows[0]!.n);
    expect(features.stdout).toContain('POINT (');
  }, 120_000);
});

it('lets other sites read the OGC API and Open311 across origins, without credentials', async () => {
  for (const url of ['/ogc', '/ogc/collections/areas/items?limit=1', '/open311/v2/services.json', '/api/projects/export?format=geojson&kind=charging']) {
    const response = await app.inject({ url, headers: { origin: 'https://news.example.cn' } });
    expect(response.headers['access-control-allow-origin'], url).toBe('*');
    expect(response.headers['access-control-allow-credentials'], url).toBeUndefined();
  }
});

it('answers an id beyond the integer range as a 400 naming it, not a database error', async () => {
  for (const url of ['/api/areas/9999999999', '/api/projects?area=9999999999', '/api/coverage?area=9999999999&kind=charging']) {
    const response = await app.inject(url);
    expect(response.statusCode, url).toBe(400);
  }
});
