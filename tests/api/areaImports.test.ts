import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaImportOptionsInput, AreaImportRowsOutput, AreaImportStateOutput } from '../../server/src/domain/areaImport.js';
import { buildApp } from '../../server/src/app.js';
import { createUser } from '../../server/src/services/users.js';
import { startEmptyDatabase } from '../helpers/emptyServer.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { createProject, pointFeature } from '../helpers/fixtures.js';

/**
 * A district's own boundary files, as its civil-affairs bureau hands them over
 * (data/samples/make-boundaries.ts): the district in CGCS2000 with a GBK DBF
 * and GBK file names, its streets in CGCS2000 Gauss-Krüger with defects, its
 * communities as KML. The oracle for the reprojection is the district file
 * itself: the streets, read from metres in another system, must tile it.
 */
let app: FastifyInstance;
let database: Awaited<ReturnType<typeof startEmptyDatabase>>;
let admin: TestSession;
let planner: TestSession;
const sample = (name: string) => readFile(new URL(`../../data/samples/${name}`, import.meta.url));
const imports: number[] = [];
const PASSWORD = 'boundary-test-password';

beforeAll(async () => {
  // A database of its own, empty as a new district's: no demo district overlaps 清溪区, nothing is left for other files.
  database = await startEmptyDatabase();
  app = await buildApp({ db: database.db, timeZone: 'Asia/Shanghai', clientDir: '/nonexistent' });
  await app.ready();
  for (const role of ['admin', 'planner'] as const) {
    await createUser(app.db.pool, { username: `qx-test-${role}`, display_name: role, password: PASSWORD, role });
  }
  admin = await loginAs(app, 'admin', { username: 'qx-test-admin', password: PASSWORD });
  planner = await loginAs(app, 'planner', { username: 'qx-test-planner', password: PASSWORD });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.stop();
});

async function upload(session: TestSession, fileName: string, bytes: Buffer) {
  const response = await session.inject({
    method: 'POST',
    url: `/api/area-imports?file_name=${encodeURIComponent(fileName)}`,
    headers: { 'content-type': 'application/octet-stream' },
    payload: bytes,
  });
  if (response.statusCode === 201) imports.push(response.json<AreaImportStateOutput>().id);
  return response;
}

async function settled(id: number): Promise<AreaImportStateOutput> {
  for (let i = 0; i < 2400; i++) {
    const state = (await admin.inject(`/api/area-imports/${id}`)).json<AreaImportStateOutput>();
    if (state.state !== 'analysing' && state.state !== 'committing') return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`boundary import ${id} did not settle`);
}

/** The admin's choices when every suggestion is accepted. */
function suggested(state: AreaImportStateOutput, overrides: Partial<AreaImportOptionsInput> = {}): AreaImportOptionsInput {
  const s = state.layers[0]!.suggested;
  return { level: s.level!, name_column: s.name_column!, code_column: s.code_column, parent_column: s.parent_column, ...overrides };
}

async function preview(id: number, options: AreaImportOptionsInput): Promise<AreaImportStateOutput> {
  const response = await admin.inject({ method: 'POST', url: `/api/area-imports/${id}/preview`, payload: options });
  expect(response.statusCode, response.body).toBe(202);
  return settled(id);
}

async function commit(id: number): Promise<AreaImportStateOutput> {
  const response = await admin.inject({ method: 'POST', url: `/api/area-imports/${id}/commit`, payload: {} });
  expect(response.statusCode, response.body).toBe(202);
  return settled(id);
}

const rowsOf = async (id: number) => (await admin.inject(`/api/area-imports/${id}/rows`)).json<AreaImportRowsOutput>().rows;

async function importFile(fileName: string, overrides: Partial<AreaImportOptionsInput> = {}) {
  const uploaded = await upload(admin, fileName, await sample(fileName));
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const state = uploaded.json<AreaImportStateOutput>();
  const previewed = await preview(state.id, suggested(state, overrides));
  expect(previewed.state, JSON.stringify(previewed.error)).toBe('previewed');
  return { uploaded: state, previewed, rows: await rowsOf(state.id) };
}

function firstPosition(coordinates: unknown[]): number[] {
  return Array.isArray(coordinates[0]) ? firstPosition(coordinates[0] as unknown[]) : (coordinates as number[]);
}

async function areasUnder(code: string) {
  const { rows } = await app.db.pool.query<{ id: number; code: string; name: string; level: string; parent_code: string | null; km2: number }>(
    `SELECT a.id, a.code, a.name, a.level, p.code AS parent_code, ST_Area(a.geom::geography) / 1e6 AS km2
       FROM areas a LEFT JOIN areas p ON p.id = a.parent_id WHERE a.code LIKE $1 ORDER BY a.code`,
    [`${code}%`],
  );
  return rows;
}

describe('a district’s boundary files, from upload to written', () => {
  let projectId: number;

  it('reads the district Shapefile: GBK names without a .cpg, GBK file names in the zip, CGCS2000', async () => {
    const { uploaded, previewed, rows } = await importFile('清溪区-区县界.zip');
    const layer = uploaded.layers[0]!;
    expect(layer).toMatchObject({ name: '区县界', format: 'shapefile', feature_count: 1, encoding: { encoding: 'gb18030', source: 'detected' } });
    expect(layer.crs).toMatchObject({ code: 'EPSG:4490', source: 'prj' });
    expect(uploaded.columns).toEqual(['XZQDM', 'XZQMC']);
    expect(layer.columns[1]!.samples).toEqual(['清溪区']);
    expect(layer.suggested).toEqual({ level: 'district', name_column: 'XZQMC', code_column: 'XZQDM', parent_column: null });
    expect(previewed.counts).toEqual({ create: 1, update: 0, rejected: 0, warned: 0 });
    expect(rows[0]).toMatchObject({ name: '清溪区', code: '439901', outcome: 'create', parent_id: null, problems: [] });

    const committed = await commit(uploaded.id);
    expect(committed.state).toBe('committed');
    const [district] = await areasUnder('439901');
    expect(district).toMatchObject({ code: '439901', name: '清溪区', level: 'district', parent_code: null });
    // 0.3° × 0.3° at 28°N: 29.5 km × 33.3 km.
    expect(district!.km2).toBeGreaterThan(950);
    expect(district!.km2).toBeLessThan(1010);
  });

  it('previews the streets from Gauss-Krüger metres: parents by the column, the bow-tie repaired, the sliver and the gap shown', async () => {
    // A project already in the district, which the streets will take in.
    projectId = (await createProject(planner, pointFeature({ kind: 'streetlight', title: '城关街道的路灯' }, [113.05, 28.22]))).id;
    const { uploaded, previewed, rows } = await importFile('清溪区-街道界.zip');
    expect(uploaded.layers[0]!.crs).toMatchObject({ code: 'EPSG:4547', source: 'prj' });
    expect(uploaded.layers[0]!.encoding).toEqual({ encoding: 'gb18030', source: 'cpg' });
    expect(uploaded.layers[0]!.suggested).toEqual({ level: 'street', name_column: '街道名称', code_column: '街道代码', parent_column: '所属区县' });
    expect(previewed.counts).toMatchObject({ create: 6, update: 0, rejected: 0 });

    const byName = new Map(rows.map((r) => [r.name, r]));
    expect([...byName.keys()]).toEqual(['城关街道', '河西街道', '桃源街道', '新港镇', '白沙镇', '青山乡']);
    for (const row of rows) expect(row.parent_name).toBe('清溪区');
    expect(byName.get('桃源街道')!.warnings.map((w) => w.code)).toContain('repaired');
    expect(byName.get('桃源街道')!.warnings.find((w) => w.code === 'repaired')!.message_zh).toMatch(/边界无效.*已自动修复/);
    expect(byName.get('河西街道')!.warnings.find((w) => w.code === 'sliver')?.message).toMatch(/overlaps 城关街道/);
    expect(byName.get('城关街道')!.warnings.find((w) => w.code === 'sliver')?.message_zh).toMatch(/与河西街道在交界处有 [\d,]+ 平方米的狭长重叠/);

    // 青山乡 stops 200 m short of the district's edge at one vertex: a gap the admin sees on the map.
    const gap = previewed.gaps.find((g) => g.parent_name === '清溪区')!;
    expect(gap.gap_m2).toBeGreaterThan(10_000);
    expect(gap.share).toBeLessThan(0.01);
    expect(gap.pieces).toBeGreaterThanOrEqual(1);
    expect(gap.geometry).toMatchObject({ type: expect.stringMatching(/Polygon/) });
  });

  it('writes the streets in one step: reprojected onto the district, and the project inside takes its street', async () => {
    const id = imports.at(-1)!;
    expect((await commit(id)).state).toBe('committed');
    const streets = (await areasUnder('439901')).filter((a) => a.level === 'street');
    expect(streets.map((s) => s.name)).toEqual(['城关街道', '河西街道', '桃源街道', '新港镇', '白沙镇', '青山乡']);
    expect(new Set(streets.map((s) => s.parent_code))).toEqual(new Set(['439901']));

    // Independent oracle: the district (degrees, EPSG:4490) and its streets (metres, EPSG:4547) are one land.
    const { rows } = await app.db.pool.query<{ differ_km2: number }>(
      `SELECT ST_Area(ST_SymDifference(d.geom, (SELECT ST_Union(s.geom) FROM areas s WHERE s.parent_id = d.id))::geography) / 1e6 AS differ_km2
         FROM areas d WHERE d.code = '439901'`,
    );
    // What differs is the defects themselves (the 200 m gap, the 30 m sliver, the bow-tie): about 0.1 km² of 980.
    // Streets read in the wrong zone or datum would differ by tens of km².
    expect(rows[0]!.differ_km2).toBeLessThan(0.5);

    const project = (await planner.inject(`/api/projects/${projectId}`)).json<{ properties: { area_id: number } }>();
    expect(project.properties.area_id).toBe(streets.find((s) => s.name === '城关街道')!.id);
  });

  it('counts what the new district has so far, for its first-day checklist', async () => {
    const [district] = await areasUnder('439901');
    const own = (await admin.inject(`/api/onboarding?district=${district!.id}`)).json();
    expect(own).toMatchObject({ districts: 1, streets: 6, communities: 0, units: 0, compounds: 0, projects: 1, ledgers: 0 });
    const all = (await admin.inject('/api/onboarding')).json();
    expect(all).toMatchObject({ districts: 1, streets: 6, staff: { admin: 1, planner: 1, unit: 0, leader: 0 }, demo_data: false });
    expect((await planner.inject('/api/onboarding')).statusCode).toBe(403);
  });

  it('updates the same streets when the file comes again, by their codes', async () => {
    const before = await areasUnder('439901');
    const { uploaded, previewed, rows } = await importFile('清溪区-街道界.zip');
    expect(previewed.counts).toMatchObject({ create: 0, update: 6, rejected: 0 });
    expect(rows.every((r) => r.area_id !== null)).toBe(true);
    expect((await commit(uploaded.id)).state).toBe('committed');
    expect((await areasUnder('439901')).map((a) => a.id)).toEqual(before.map((a) => a.id));
  });

  it('reads communities from a survey app’s KML, their parent by the street’s name', async () => {
    const { uploaded, previewed, rows } = await importFile('清溪区城关街道-社区.kml', { name_column: '社区名称' });
    expect(uploaded.layers[0]).toMatchObject({ format: 'kml', crs: { code: 'EPSG:4326' } });
    expect(uploaded.layers[0]!.suggested).toMatchObject({ level: 'community', code_column: '社区代码', parent_column: '所属街道' });
    expect(previewed.counts).toEqual({ create: 4, update: 0, rejected: 0, warned: 0 });
    expect(new Set(rows.map((r) => r.parent_name))).toEqual(new Set(['城关街道']));
    expect((await commit(uploaded.id)).state).toBe('committed');
    expect((await areasUnder('439901001')).filter((a) => a.level === 'community')).toHaveLength(4);
  });
});

describe('what the admin must correct, said before anything is written', () => {
  it('rejects streets taken for districts: each is most of an existing district', async () => {
    const { rows, previewed } = await importFile('清溪区-街道界.zip', { level: 'district', code_column: null, parent_column: null });
    expect(previewed.counts!.rejected).toBe(6);
    expect(rows[0]!.problems[0]).toMatchObject({ code: 'same_place' });
    expect(rows[0]!.problems[0]!.message_zh).toMatch(/与清溪区重合/);
  });

  it('rejects a file read in the wrong coordinate system, saying where it landed', async () => {
    const { rows, previewed } = await importFile('清溪区-街道界.zip', { crs: 'EPSG:4326' });
    expect(previewed.counts!.rejected).toBe(6);
    expect(rows[0]!.problems[0]).toMatchObject({ code: 'outside_china' });
  });

  it('moves GCJ-02 boundaries back onto WGS-84 when the admin says the file is in it', async () => {
    const ring = [[113.13, 28.2], [113.16, 28.2], [113.16, 28.23], [113.13, 28.23], [113.13, 28.2]];
    const file = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { 名称: '试验社区' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
    const uploaded = (await upload(admin, '网络地图描的社区.geojson', file)).json<AreaImportStateOutput>();
    await preview(uploaded.id, { level: 'community', name_column: '名称', crs: 'gcj02' });
    const [row] = await rowsOf(uploaded.id);
    const [lon, lat] = firstPosition((row!.geometry as { coordinates: unknown[] }).coordinates);
    const metres = Math.hypot((lon! - 113.13) * 98_000, (lat! - 28.2) * 111_000);
    expect(metres).toBeGreaterThan(300);
    expect(metres).toBeLessThan(800);
    expect(row).toMatchObject({ outcome: 'create', parent_name: '河西街道' });
    expect(row!.warnings.map((w) => w.code)).toContain('code_made');
  });

  it('refuses what it cannot read, in both languages, and keeps nothing', async () => {
    const count = async () => (await app.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM area_imports')).rows[0]!.n;
    const before = await count();
    const garbage = await upload(admin, '边界.zip', Buffer.from('PK\u0003\u0004 not really a zip'));
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json()).toMatchObject({ code: 'UNREADABLE_BOUNDARY_FILE', message_zh: expect.stringContaining('zip') });
    const shpAlone = await upload(admin, '街道.shp', Buffer.from([0, 0, 0x27, 0x0a, 1, 2, 3]));
    expect(shpAlone.json().message_zh).toMatch(/\.dbf/);

    const zip = await JSZip.loadAsync(await sample('清溪区-街道界.zip'));
    zip.remove('街道界.dbf');
    const noDbf = await upload(admin, '街道界.zip', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(noDbf.statusCode).toBe(400);
    expect(noDbf.json().message_zh).toMatch(/缺少与 街道界\.shp 同名的 街道界\.dbf/);
    expect(await count()).toBe(before);
  });

  it('names the field of a wrong choice: a column the layer lacks, a datum it will not guess', async () => {
    const uploaded = (await upload(admin, '清溪区-街道界.zip', await sample('清溪区-街道界.zip'))).json<AreaImportStateOutput>();
    const wrong = await admin.inject({
      method: 'POST',
      url: `/api/area-imports/${uploaded.id}/preview`,
      payload: { level: 'street', name_column: '名称', crs: 'EPSG:2435' },
    });
    expect(wrong.statusCode).toBe(400);
    const fields = wrong.json<{ errors: { field: string; reason_zh: string }[] }>().errors;
    expect(fields.map((e) => e.field)).toEqual(['/name_column', '/crs']);
    expect(fields[1]!.reason_zh).toMatch(/北京54/);
    const early = await admin.inject({ method: 'POST', url: `/api/area-imports/${uploaded.id}/commit`, payload: {} });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'NOT_PREVIEWED' });
  });

  it('is for administrators only', async () => {
    const refused = await upload(planner, '清溪区-街道界.zip', await sample('清溪区-街道界.zip'));
    expect(refused.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/area-imports/${imports[0]}` })).statusCode).toBe(401);
  });
});
