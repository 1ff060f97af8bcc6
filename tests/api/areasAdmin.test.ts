import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { createProject, pointFeature } from '../helpers/fixtures.js';

let app: FastifyInstance;
let admin: TestSession;
let planner: TestSession;
let street: { id: number; name: string };

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, 'admin');
  planner = await loginAs(app, 'planner');
  const { rows } = await app.db.pool.query("SELECT id, name FROM areas WHERE level = 'street' AND name = '人民路街道' LIMIT 1");
  street = rows[0];
});
afterAll(async () => {
  await app?.close();
});

const square = (lon: number, lat: number, half: number) => ({
  type: 'Polygon',
  coordinates: [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]]],
});
const areaCount = async () => (await app.db.pool.query('SELECT count(*)::int AS n FROM areas')).rows[0].n as number;

describe('areas, for administrators', () => {
  it('adds a district where there was none and re-assigns the projects inside it; renames it', async () => {
    const project = await createProject(planner, pointFeature({ kind: 'drainage', title: '新区县内的项目' }, [101.2, 41.2]));
    expect(project.properties.area_id).toBeNull();
    const response = await admin.inject({
      method: 'POST',
      url: '/api/areas',
      payload: { type: 'Feature', geometry: square(101.2, 41.2, 0.05), properties: { code: 'T-NEW-DISTRICT', name: '新建区', name_en: 'New district', level: 'district' } },
    });
    expect(response.statusCode, response.body).toBe(201);
    const area = response.json();
    expect(area.properties).toMatchObject({ level: 'district', parent: null, name: '新建区' });
    const moved = (await planner.inject(`/api/projects/${project.id}`)).json();
    expect(moved.properties).toMatchObject({ area_id: area.id, area_name: '新建区' });
    const renamed = await admin.inject({ method: 'PATCH', url: `/api/areas/${area.id}`, payload: { name: '幸福区', name_en: 'Xingfu district' } });
    expect(renamed.json().properties).toMatchObject({ name: '幸福区', code: 'T-NEW-DISTRICT' });
  });

  it('refuses a community that overlaps the communities already there, naming them', async () => {
    const { rows } = await app.db.pool.query<{ lon: number; lat: number }>(
      'SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE id = $1) x',
      [street.id],
    );
    const before = await areaCount();
    const response = await admin.inject({
      method: 'POST',
      url: '/api/areas',
      payload: { type: 'Feature', geometry: square(rows[0]!.lon, rows[0]!.lat, 0.0005), properties: { code: 'T-OVERLAP', name: '重叠社区', name_en: 'Overlap', level: 'community', parent_id: street.id } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: '/geometry', reason: expect.stringContaining('overlaps') });
    expect(await areaCount()).toBe(before);
  });

  it.each([
    ['a community without a street', { level: 'community' }, '/properties/parent_id'],
    ['a street under a street', { level: 'street', parent_id: -1 }, '/properties/parent_id'],
    ['a taken code', { level: 'district', code: '430407' }, '/properties/code'],
    ['a district with a parent', { level: 'district', parent_id: 1 }, '/properties/parent_id'],
    ['an outline that crosses itself', { level: 'district', geometry: { type: 'Polygon', coordinates: [[[100, 40], [100.1, 40.1], [100.1, 40], [100, 40.1], [100, 40]]] } }, '/geometry/coordinates'],
    ['a point', { level: 'district', geometry: { type: 'Point', coordinates: [100, 40] } }, '/geometry/type'],
  ])('refuses %s, naming the field, and adds nothing', async (_, change, field) => {
    const before = await areaCount();
    const { geometry, parent_id, ...props } = change as { geometry?: object; parent_id?: number; level: string; code?: string };
    const parent = parent_id === -1 ? street.id : parent_id;
    const response = await admin.inject({
      method: 'POST',
      url: '/api/areas',
      payload: {
        type: 'Feature',
        geometry: geometry ?? square(100.5, 40.5, 0.01),
        properties: { code: 'T-BAD', name: '坏区域', name_en: 'Bad', ...props, ...(parent === undefined ? {} : { parent_id: parent }) },
      },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await areaCount()).toBe(before);
  });

  it('is for administrators only', async () => {
    const response = await planner.inject({ method: 'PATCH', url: `/api/areas/${street.id}`, payload: { name: '改名' } });
    expect(response.statusCode).toBe(403);
    expect((await app.inject({ method: 'PATCH', url: `/api/areas/${street.id}`, payload: { name: '改名' } })).statusCode).toBe(401);
  });
});
