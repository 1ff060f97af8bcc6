import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/src/domain/dates.js';
import { KINDS } from '../../server/src/domain/kinds/index.js';
import { STATUSES } from '../../server/src/domain/status.js';
import { DEMO_ACTOR } from '../../server/src/seed/index.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { createProject, pointFeature, SHIGU_POINT, someUnitId, squareAround } from '../helpers/fixtures.js';

let app: FastifyInstance;
let planner: TestSession;
beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
});
afterAll(async () => {
  await app.close();
});

interface Page {
  features: { id: number; properties: Record<string, unknown> & { kind: string; status: string; overdue: boolean } }[];
  numberReturned: number;
  next: string | null;
}

async function list(query: string): Promise<Page> {
  const response = await app.inject(`/api/projects${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Page>();
}

async function districtId(code: string): Promise<number> {
  const { rows } = await app.db.pool.query<{ id: number }>('SELECT id FROM areas WHERE code = $1', [code]);
  return rows[0]!.id;
}

describe('the demo data', () => {
  it('has every kind and every status in each of the five districts, some of them overdue', async () => {
    for (const code of ['430407', '430723', '421224', '411525', '150703']) {
      const page = await list(`?area=${await districtId(code)}&limit=5000`);
      const demo = page.features.filter((f) => f.properties.is_demo);
      expect(demo.length, code).toBeGreaterThan(30);
      const kinds = new Set(demo.map((f) => f.properties.kind));
      const statuses = new Set(demo.map((f) => f.properties.status));
      expect([...kinds].sort(), code).toEqual(KINDS.map((k) => k.code).sort());
      expect([...statuses].sort(), code).toEqual([...STATUSES].sort());
    }
    const overdue = await list('?overdue=true&limit=5000');
    expect(overdue.numberReturned).toBeGreaterThan(0);
  });

  it('writes no time later than its load, whatever the hour in China, and keeps each record in order', async () => {
    // The demo was loaded as of today in China; between 16:00 UTC and its office hours that day's times were ahead.
    const { rows } = await app.db.pool.query<{ later: number; disordered: number; unmatched: number }>(
      `WITH seeded AS (SELECT h.* FROM project_history h WHERE h.actor = $1),
            steps AS (SELECT at <= lag(at) OVER (PARTITION BY project_id ORDER BY version) AS back FROM seeded)
       SELECT (SELECT count(*) FROM projects WHERE is_demo AND (created_at > now() OR updated_at > now()))
            + (SELECT count(*) FROM seeded WHERE at > now())
            + (SELECT count(*) FROM project_follow_ups WHERE actor = $1 AND created_at > now()) AS later,
              (SELECT count(*) FROM steps WHERE back) AS disordered,
              -- Projects no test has touched since: updated when their record last moved.
              (SELECT count(*) FROM projects p
                WHERE p.is_demo AND p.version = (SELECT count(*) FROM seeded s WHERE s.project_id = p.id)
                  AND p.updated_at <> (SELECT max(s.at) FROM seeded s WHERE s.project_id = p.id)) AS unmatched`,
      [DEMO_ACTOR],
    );
    expect(rows[0]).toEqual({ later: 0, disordered: 0, unmatched: 0 });
  });

  it('includes 西湖一村 with its 30 charging piles for 1,200 households', async () => {
    const page = await list(`?q=${encodeURIComponent('西湖一村')}&kind=charging`);
    expect(page.features.length).toBeGreaterThan(0);
    const site = page.features[0]!.properties;
    expect(site.attributes).toMatchObject({ piles: 30 });
    expect(site.households_benefited).toBe(1200);
  });
});

describe('GET /api/projects', () => {
  it('filters by bounding box, kind and status together', async () => {
    const [lon, lat] = SHIGU_POINT;
    const page = await list(`?bbox=${lon - 0.2},${lat - 0.2},${lon + 0.2},${lat + 0.2}&kind=streetlight,drainage&status=completed,verified`);
    expect(page.numberReturned).toBeGreaterThan(0);
    for (const f of page.features) {
      expect(['streetlight', 'drainage']).toContain(f.properties.kind);
      expect(['completed', 'verified']).toContain(f.properties.status);
    }
  });

  it('includes the streets and communities of an area', async () => {
    const shigu = await districtId('430407');
    const all = await list(`?area=${shigu}&limit=5000`);
    const inStreets = all.features.filter((f) => f.properties.area_id !== shigu);
    expect(inStreets.length).toBeGreaterThan(0);
  });

  it('filters overdue items: open and past the deadline, with the days overdue', async () => {
    const page = await list('?overdue=true&limit=5000');
    for (const f of page.features) {
      expect(f.properties.overdue).toBe(true);
      expect(['reported', 'assigned', 'in_progress']).toContain(f.properties.status);
      expect(f.properties.days_overdue).toBeGreaterThan(0);
      expect(String(f.properties.deadline) < app.today()).toBe(true);
    }
  });

  it('filters by responsible unit', async () => {
    const unit = await someUnitId(app);
    const page = await list(`?unit=${unit}&limit=5000`);
    expect(page.features.every((f) => f.properties.unit_id === unit)).toBe(true);
  });

  it('pages in a stable id order with a next link that keeps the filters', async () => {
    const first = await list('?limit=7&kind=streetlight');
    expect(first.numberReturned).toBe(7);
    expect(first.next).toMatch(/^\/api\/projects\?.*kind=streetlight.*after=\d+/);
    const second = await list(first.next!.replace('/api/projects', ''));
    const ids = [...first.features, ...second.features].map((f) => f.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const everything = await list('?limit=5000&kind=streetlight');
    expect(everything.next).toBeNull();
  });

  it('never shows the reporter in lists', async () => {
    const page = await list('?limit=5000');
    for (const f of page.features) {
      expect(f.properties).not.toHaveProperty('reporter_name');
      expect(f.properties).not.toHaveProperty('reporter_phone');
    }
  });

  it('treats LIKE wildcards in the search text literally', async () => {
    const page = await list(`?q=${encodeURIComponent('%')}`);
    expect(page.numberReturned).toBe(0);
  });
});

describe('creating, editing and deleting a project', () => {
  it('creates a project, derives its area and writes one history row', async () => {
    const created = await createProject(
      planner,
      pointFeature({ kind: 'charging', title: '测试充电站', attributes: { piles: 4, power_kw: 7 }, reporter_name: '测试人', reporter_phone: '13800000000' }),
    );
    expect(created.properties).toMatchObject({ kind: 'charging', status: 'reported', version: 1, reported_on: app.today() });
    expect(created.properties.area_name).toEqual(expect.any(String));
    const fetched = (await planner.inject(`/api/projects/${created.id}`)).json();
    expect(fetched.properties).toMatchObject({ title: '测试充电站', reporter_name: '测试人', attributes: { piles: 4, power_kw: 7 } });
    const history = (await planner.inject(`/api/projects/${created.id}/history`)).json();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', version: 1, to_status: 'reported' });
  });

  it('gives a project assigned without a deadline the kind\'s default time limit', async () => {
    const unit = await someUnitId(app);
    const created = await createProject(planner, pointFeature({ kind: 'streetlight', title: '路灯不亮' }));
    const assigned = await planner.inject({ method: 'POST', url: `/api/projects/${created.id}/transitions`, payload: { to: 'assigned', unit_id: unit } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().properties.deadline).toBe(addDays(app.today(), 7));
    expect(assigned.json().properties.days_left).toBe(7);
  });

  it('edits properties and geometry, bumping the version and recording what changed', async () => {
    const created = await createProject(planner, {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: squareAround(SHIGU_POINT) },
      properties: { kind: 'compound', title: '老旧小区改造', attributes: { year_built: 1995 } },
    });
    const response = await planner.inject({
      method: 'PATCH',
      url: `/api/projects/${created.id}`,
      payload: {
        version: 1,
        properties: { title: '老旧小区改造(一期)', households_benefited: 320 },
        geometry: { type: 'Polygon', coordinates: squareAround(SHIGU_POINT, 0.002) },
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().properties).toMatchObject({ title: '老旧小区改造(一期)', households_benefited: 320, version: 2 });
    const history = (await planner.inject(`/api/projects/${created.id}/history`)).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
    expect(Object.keys(history[1].changes).sort()).toEqual(['geometry', 'households_benefited', 'title']);
    expect(history[1].changes.title).toEqual(['老旧小区改造', '老旧小区改造(一期)']);
  });

  it('refuses an edit based on a stale version with 409 and changes nothing', async () => {
    const created = await createProject(planner, pointFeature({ kind: 'drainage', title: '井盖冒水' }));
    const first = await planner.inject({ method: 'PATCH', url: `/api/projects/${created.id}`, payload: { version: 1, properties: { address: '桑园路 17 号' } } });
    expect(first.statusCode).toBe(200);
    const stale = await planner.inject({ method: 'PATCH', url: `/api/projects/${created.id}`, payload: { version: 1, properties: { address: '别处' } } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    const now = (await planner.inject(`/api/projects/${created.id}`)).json();
    expect(now.properties).toMatchObject({ address: '桑园路 17 号', version: 2 });
    expect((await planner.inject(`/api/projects/${created.id}/history`)).json()).toHaveLength(2);
  });

  it('deletes softly: gone from reads, history kept with a delete row', async () => {
    const created = await createProject(planner, pointFeature({ kind: 'charging', title: '待删除' }));
    const response = await planner.inject({ method: 'DELETE', url: `/api/projects/${created.id}?version=1` });
    expect(response.statusCode).toBe(204);
    expect((await planner.inject(`/api/projects/${created.id}`)).statusCode).toBe(404);
    expect((await list(`?q=${encodeURIComponent('待删除')}`)).numberReturned).toBe(0);
    const history = (await planner.inject(`/api/projects/${created.id}/history`)).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'delete']);
    const { rows } = await app.db.pool.query('SELECT deleted_at IS NOT NULL AS deleted FROM projects WHERE id = $1', [created.id]);
    expect(rows[0]).toEqual({ deleted: true });
  });

  it('refuses to rewrite history in the database itself', async () => {
    const created = await createProject(planner, pointFeature({ kind: 'charging', title: '历史不可改' }));
    await expect(app.db.pool.query('UPDATE project_history SET actor = $1 WHERE project_id = $2', ['someone', created.id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('answers 404 for a project that does not exist', async () => {
    expect((await planner.inject('/api/projects/987654321')).statusCode).toBe(404);
    expect((await planner.inject({ method: 'PATCH', url: '/api/projects/987654321', payload: { version: 1 } })).statusCode).toBe(404);
    expect((await planner.inject({ method: 'DELETE', url: '/api/projects/987654321' })).statusCode).toBe(404);
  });
});

describe('filtering by report date', () => {
  it('keeps projects reported within the range, both ends included', async () => {
    const all = await list('?limit=5000');
    const dates = all.features.map((f) => String(f.properties.reported_on)).sort();
    const from = dates[Math.floor(dates.length / 4)]!;
    const to = dates[Math.floor((dates.length * 3) / 4)]!;
    const page = await list(`?limit=5000&reported_from=${from}&reported_to=${to}`);
    expect(page.numberReturned).toBe(dates.filter((d) => d >= from && d <= to).length);
    expect(page.numberReturned).toBeLessThan(all.numberReturned);
  });

  it('refuses a range that ends before it starts', async () => {
    const response = await planner.inject('/api/projects?reported_from=2026-05-01&reported_to=2026-04-01');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: '/reported_to' });
  });
});

describe('GET /api/config', () => {
  it('tells the client which basemap to draw (none unless configured) and where today is', async () => {
    const response = await planner.inject('/api/config');
    expect(response.json()).toEqual({ basemap: { kind: 'none' }, timeZone: 'Asia/Shanghai', mapTileThreshold: 20_000 });
  });
});
