import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';

let app: FastifyInstance;
let admin: TestSession;
let areaId: number;

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, 'admin');
  const { rows } = await app.db.pool.query(
    `INSERT INTO areas (code, name, name_en, level, geom) VALUES ('T-LAYER', 'T-LAYER', 'T-LAYER', 'district', ST_Multi(ST_MakeEnvelope(102, 42, 102.1, 42.1, 4326))) RETURNING id`,
  );
  areaId = rows[0].id;
});
afterAll(async () => {
  await app.close();
});

const square = (lon: number, lat: number, half = 0.001) => ({
  type: 'Polygon',
  coordinates: [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]]],
});
const compound = (properties: object, geometry: object = square(102.05, 42.05)) => ({ type: 'Feature', geometry, properties });

async function counts() {
  const { rows } = await app.db.pool.query<{ compounds: number; roads: number }>(
    'SELECT (SELECT count(*) FROM compounds)::int AS compounds, (SELECT count(*) FROM roads)::int AS roads',
  );
  return rows[0]!;
}

async function post(layer: string, features: object[]) {
  return admin.inject({ method: 'POST', url: `/api/layers/${layer}`, payload: { type: 'FeatureCollection', features } });
}

describe('importing reference layers', () => {
  it('stores compounds as polygons or points, each in the area that holds it', async () => {
    const response = await post('compounds', [
      compound({ name: '测试小区一', households: 320, year_built: 1996 }),
      compound({ name: '测试小区二', households: 80 }, { type: 'Point', coordinates: [102.06, 42.06] }),
    ]);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ layer: 'compounds', inserted: 2 });
    const { rows } = await app.db.pool.query('SELECT name, households, year_built, area_id FROM compounds WHERE name LIKE $1 ORDER BY name', ['测试小区%']);
    expect(rows).toEqual([
      { name: '测试小区一', households: 320, year_built: 1996, area_id: areaId },
      { name: '测试小区二', households: 80, year_built: null, area_id: areaId },
    ]);
  });

  it('stores roads as lines and multilines', async () => {
    const response = await post('roads', [
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[102.01, 42.01], [102.02, 42.02]] }, properties: { name: '测试路', road_class: '支路' } },
      { type: 'Feature', geometry: { type: 'MultiLineString', coordinates: [[[102.03, 42.03], [102.04, 42.03]], [[102.05, 42.03], [102.06, 42.03]]] }, properties: {} },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().inserted).toBe(2);
  });

  const good = compound({ name: 'good', households: 10 });
  it.each([
    ['a feature without households', [good, compound({ name: 'b' })], '/features/1/properties/households'],
    ['negative households', [good, compound({ name: 'a', households: -5 })], '/features/1/properties/households'],
    ['an unknown property', [compound({ name: 'a', households: 5, colour: 'red' }), good], '/features/0/properties/colour'],
    ['a line for a compound', [good, compound({ name: 'a', households: 5 }, { type: 'LineString', coordinates: [[102, 42], [102.01, 42.01]] })], '/features/1/geometry/type'],
    ['an unclosed ring', [good, compound({ name: 'a', households: 5 }, { type: 'Polygon', coordinates: [[[102, 42], [102.01, 42], [102.01, 42.01], [102, 42.01]]] })], '/features/1/geometry/coordinates/0'],
    ['a hole outside its shell', [good, compound({ name: 'a', households: 5 }, { type: 'Polygon', coordinates: [square(102.05, 42.05).coordinates[0], square(102.07, 42.05, 0.0005).coordinates[0]] })], '/features/1/geometry'],
  ])('refuses %s, naming the feature, and stores none of the layer', async (_, features, field) => {
    const before = await counts();
    const response = await post('compounds', features);
    expect(response.statusCode).toBe(400);
    const errors = response.json().errors as { field: string }[];
    expect(errors.map((e) => e.field), JSON.stringify(errors)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('refuses an empty collection', async () => {
    expect((await post('roads', [])).statusCode).toBe(400);
  });
});

describe('importing points from CSV', () => {
  it('reads lon/lat columns (Chinese headers too) into compounds', async () => {
    const csv = '\uFEFF名称,户数,建成年份,经度,纬度\nCSV小区甲,150,1988,102.02,42.02\nCSV小区乙,60,,102.03,42.03\n';
    const response = await admin.inject({ method: 'POST', url: '/api/layers/compounds', payload: csv, headers: { 'content-type': 'text/csv' } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().inserted).toBe(2);
    const { rows } = await app.db.pool.query('SELECT name, households, year_built, area_id FROM compounds WHERE name LIKE $1 ORDER BY name', ['CSV小区%']);
    expect(rows).toEqual([
      { name: 'CSV小区乙', households: 60, year_built: null, area_id: areaId },
      { name: 'CSV小区甲', households: 150, year_built: 1988, area_id: areaId },
    ]);
  });

  it('names the row whose coordinates or values are wrong, and stores nothing', async () => {
    const before = await counts();
    const csv = 'name,households,lon,lat\nok,10,102.02,42.02\nbad,ten,102.02,42.02\nworse,5,east,42.02\n';
    const response = await admin.inject({ method: 'POST', url: '/api/layers/compounds', payload: csv, headers: { 'content-type': 'text/csv' } });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/features/1/properties/households', '/features/2/geometry/coordinates']));
    expect(await counts()).toEqual(before);
  });

  it('says what is missing when there are no coordinate columns', async () => {
    const response = await admin.inject({ method: 'POST', url: '/api/layers/compounds', payload: 'name,households\na,1\n', headers: { 'content-type': 'text/csv' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].reason).toMatch(/lon and lat/);
  });
});
