import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIND_CODES } from '../../server/src/domain/kinds/index.js';
import { OPEN_STATUSES } from '../../server/src/domain/status.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { areaIdNamed, createProject, pointFeature } from '../helpers/fixtures.js';

interface AreaCount {
  type: 'Feature';
  id: number;
  bbox: [number, number, number, number];
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { name: string; name_en: string; level: string; total: number; open: number; overdue: number };
}

interface ListedProject {
  id: number;
  properties: { status: string; overdue: boolean };
}

const PRIVATE = { reporter_name: '计数测试上报人', reporter_phone: '13900005678', internal_note: '内部备注:计数不应显示' };

let app: FastifyInstance;
let planner: TestSession;
let unit: TestSession;
let shigu: number;

/** The projects the list returns for a query, as a visitor (or a session) asks for them. */
async function listed(query: string, session?: TestSession): Promise<ListedProject[]> {
  const url = `/api/projects?limit=5000${query ? `&${query}` : ''}`;
  const response = session ? await session.inject(url) : await app.inject(url);
  expect(response.statusCode, response.body).toBe(200);
  const page = response.json<{ features: ListedProject[]; next: string | null }>();
  expect(page.next, 'the demo data fits in one page').toBeNull();
  return page.features;
}

async function listCount(query: string): Promise<number> {
  return (await listed(query)).length;
}

async function aggregate(query: string, session?: TestSession): Promise<AreaCount[]> {
  const url = `/api/projects/aggregate?${query}`;
  const response = session ? await session.inject(url) : await app.inject(url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ type: string; features: AreaCount[] }>().features;
}

/** Each area's counts as the list gives them for area=<id> and the same filters (whose area holds it). */
async function listCountsOf(areas: AreaCount[], query: string, session?: TestSession) {
  const rest = query.replace(/(^|&)area=\d+/, '');
  return Promise.all(
    areas.map(async (a) => {
      const projects = await listed(`area=${a.id}${rest ? `&${rest}` : ''}`, session);
      return {
        id: a.id,
        total: projects.length,
        open: projects.filter((p) => (OPEN_STATUSES as string[]).includes(p.properties.status)).length,
        overdue: projects.filter((p) => p.properties.overdue).length,
      };
    }),
  );
}

const countsOf = (areas: AreaCount[]) => areas.map((a) => ({ id: a.id, total: a.properties.total, open: a.properties.open, overdue: a.properties.overdue }));

beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
  unit = await loginAs(app, 'unit');
  shigu = await areaIdNamed(app, '石鼓区');
  await createProject(planner, pointFeature({ kind: 'charging', title: '计数测试充电桩', ...PRIVATE }));
});
afterAll(async () => {
  await app?.close();
});

describe('GET /api/projects/aggregate', () => {
  it('counts per district what the list gives for each district: total, open and overdue', async () => {
    const districts = await aggregate('level=district');
    expect(districts.length).toBeGreaterThan(1);
    expect(districts.every((d) => d.properties.level === 'district')).toBe(true);
    expect(countsOf(districts)).toEqual(await listCountsOf(districts, ''));
    expect(districts.some((d) => d.properties.overdue > 0), 'overdue projects in the demo data').toBe(true);
    expect(districts.some((d) => d.properties.open < d.properties.total), 'finished projects in the demo data').toBe(true);
  });

  it('leaves out no district that holds a matching project', async () => {
    const { rows } = await app.db.pool.query<{ id: number }>("SELECT id FROM areas WHERE level = 'district' ORDER BY id");
    const counted = new Set((await aggregate('level=district')).map((d) => d.id));
    for (const { id } of rows) {
      if (!counted.has(id)) expect(await listCount(`area=${id}`), `district ${id}`).toBe(0);
    }
  });

  it.each([
    ['kind', 'kind=drainage,charging'],
    ['status', 'status=completed,verified'],
    ['overdue', 'overdue=true'],
    ['area', () => `area=${shigu}`],
    ['text and report dates', 'q=路&reported_from=2020-01-01'],
  ])('counts per street what the list gives when filtered by %s', async (_name, query) => {
    const q = typeof query === 'function' ? query() : query;
    const streets = await aggregate(`level=street&${q}`);
    expect(streets.length, 'a filter that selects nothing would prove nothing').toBeGreaterThan(0);
    expect(streets.every((s) => s.properties.level === 'street')).toBe(true);
    expect(countsOf(streets)).toEqual(await listCountsOf(streets, q));
  });

  it('puts each count at a point inside its area, with the box to zoom to', async () => {
    const streets = await aggregate(`level=street&area=${shigu}`);
    const { rows } = await app.db.pool.query<{ id: number; inside: boolean; bbox: number[] }>(
      `SELECT a.id, ST_Covers(a.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)) AS inside,
              ARRAY[ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), ST_YMax(a.geom)]::float8[] AS bbox
         FROM json_to_recordset($1::json) AS p(id integer, lon float8, lat float8)
         JOIN areas a ON a.id = p.id`,
      [JSON.stringify(streets.map((s) => ({ id: s.id, lon: s.geometry.coordinates[0], lat: s.geometry.coordinates[1] })))],
    );
    expect(rows).toHaveLength(streets.length);
    for (const row of rows) {
      expect(row.inside, `street ${row.id}`).toBe(true);
      expect(streets.find((s) => s.id === row.id)!.bbox).toEqual(row.bbox);
    }
  });

  it('says names and counts only: nothing private, whoever asks', async () => {
    const body = (await planner.inject(`/api/projects/aggregate?level=street&area=${shigu}`)).body;
    for (const secret of Object.values(PRIVATE)) expect(body).not.toContain(secret);
    const [first] = JSON.parse(body).features as AreaCount[];
    expect(Object.keys(first!.properties).sort()).toEqual(['level', 'name', 'name_en', 'open', 'overdue', 'total']);
  });

  it("counts a unit user's own projects, as its list does", async () => {
    const districts = await aggregate('level=district', unit);
    expect(countsOf(districts)).toEqual(await listCountsOf(districts, '', unit));
    const everyone = await aggregate('level=district');
    const sum = (areas: AreaCount[]) => areas.reduce((n, a) => n + a.properties.total, 0);
    expect(sum(districts)).toBeLessThan(sum(everyone));
  });

  it.each([
    ['an unknown level', 'level=province', '/level'],
    ['no level', 'kind=charging', '/level'],
    ['an unknown kind', 'level=street&kind=tram', '/kind'],
    ['a box (the areas are the boxes)', 'level=street&bbox=112,26,113,27', '/bbox'],
  ])('%s is a 400 naming the parameter, in both languages', async (_name, query, field) => {
    const response = await app.inject(`/api/projects/aggregate?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_INPUT', errors: [expect.objectContaining({ in: 'querystring', field, reason_zh: expect.any(String) })] });
  });
});

describe('GET /api/projects/summary', () => {
  it.each([
    ['no filter', ''],
    ['kind and status', 'kind=streetlight,drainage&status=reported,assigned'],
    ['area', () => `area=${shigu}`],
    ['a box', 'bbox=112.60,26.89,112.63,26.92'],
  ])('counts what the list returns, with %s', async (_name, query) => {
    const q = typeof query === 'function' ? query() : query;
    const response = await app.inject(`/api/projects/summary?${q}`);
    expect(response.statusCode, response.body).toBe(200);
    const summary = response.json<{ total: number; overdue: number; demo: number; by_kind: Record<string, number> }>();
    expect(summary.total).toBeGreaterThan(0);
    expect(summary.total).toBe(await listCount(q));
    expect(summary.overdue).toBe(await listCount(`${q}&overdue=true`));
    expect(Object.keys(summary.by_kind).sort()).toEqual([...KIND_CODES].sort());
    const chosen = /kind=([^&]*)/.exec(q)?.[1]?.split(',');
    for (const kind of KIND_CODES) {
      const count = chosen && !chosen.includes(kind) ? 0 : await listCount(`${q.replace(/&?kind=[^&]*/, '')}&kind=${kind}`);
      expect(summary.by_kind[kind], kind).toBe(count);
    }
    expect(summary.demo).toBeLessThanOrEqual(summary.total);
  });

  it('counts the demo projects, which the demo data is', async () => {
    const summary = (await app.inject('/api/projects/summary')).json<{ total: number; demo: number }>();
    const { rows } = await app.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM projects WHERE deleted_at IS NULL AND is_demo');
    expect(summary.demo).toBe(rows[0]!.n);
    expect(summary.demo).toBeGreaterThan(0);
  });

  it("carries the latest change to the projects it counts, which an edit moves on, as the map's tile version", async () => {
    const filter = `kind=charging&area=${shigu}`;
    const before = (await app.inject(`/api/projects/summary?${filter}`)).json<{ total: number; changed_at: string | null }>();
    const { rows } = await app.db.pool.query<{ latest: Date }>(
      `SELECT max(updated_at) AS latest FROM projects WHERE deleted_at IS NULL AND kind = 'charging' AND id = ANY($1::bigint[])`,
      [(await listed(filter)).map((p) => p.id)],
    );
    expect(before.changed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(Date.parse(before.changed_at!)).toBe(rows[0]!.latest.getTime());

    const created = await createProject(planner, pointFeature({ kind: 'charging', title: '版本测试充电桩', attributes: { piles: 2 } }));
    const after = (await app.inject(`/api/projects/summary?${filter}`)).json<{ total: number; changed_at: string }>();
    expect(after.total).toBe(before.total + 1);
    expect(after.changed_at > before.changed_at!).toBe(true);
    const edited = await planner.inject({ method: 'PATCH', url: `/api/projects/${created.id}`, payload: { version: created.properties.version, properties: { title: '版本测试充电桩(改)' } } });
    expect(edited.statusCode, edited.body).toBe(200);
    const later = (await app.inject(`/api/projects/summary?${filter}`)).json<{ total: number; changed_at: string }>();
    expect(later.total).toBe(after.total);
    expect(later.changed_at > after.changed_at).toBe(true);
    // None selected: nothing has changed.
    expect((await app.inject('/api/projects/summary?q=无此项目-none').then((r) => r.json())).changed_at).toBeNull();
  });

  it('refuses a bad box with a 400 naming it', async () => {
    const response = await app.inject('/api/projects/summary?bbox=1,2,3');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: '/bbox' });
  });
});
