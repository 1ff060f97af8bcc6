import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListCommit, ListMapping, ListPreview, ListUpload } from '../../server/src/domain/listImports.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { ensureQingxi, removeQingxiLists, setAsideOtherQingxi } from '../helpers/qingxi.js';

/**
 * Units, staff and compounds from lists, with the committed samples of the
 * made-up district 清溪区 (data/samples/make-lists.ts). Expected figures are
 * counted from the samples' rows, not asked of the importer.
 */
let app: FastifyInstance;
let admin: TestSession;
let districtId: number;
let streetIds: Record<string, number>;
let qingxi: Awaited<ReturnType<typeof ensureQingxi>>;
let putBack: () => Promise<void>;

const sample = (name: string) => readFile(new URL(`../../data/samples/${name}`, import.meta.url));

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, 'admin');
  putBack = await setAsideOtherQingxi(app.db.pool);
  qingxi = await ensureQingxi(app.db.pool);
  ({ districtId, streetIds } = qingxi);
});
afterAll(async () => {
  if (qingxi) await removeQingxiLists(app.db.pool, qingxi);
  await putBack?.();
  await app?.close();
});

function upload(who: TestSession, kind: string, fileName: string, bytes: Buffer) {
  return who.inject({
    method: 'POST',
    url: `/api/list-imports?kind=${kind}&file_name=${encodeURIComponent(fileName)}`,
    headers: { 'content-type': 'application/octet-stream' },
    payload: bytes,
  });
}

/** The mapping the confirm step sends when the admin accepts every guess. */
function accepted(up: ListUpload, crs?: 'wgs84' | 'gcj02'): ListMapping {
  const mapping: Record<string, number> = {};
  for (const c of up.columns) if (c.field) mapping[c.field] = c.index;
  return { mapping, ...(crs ? { crs } : {}) };
}

async function uploaded(kind: string, fileName: string, bytes: Buffer): Promise<ListUpload> {
  const response = await upload(admin, kind, fileName, bytes);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<ListUpload>();
}

async function preview(up: ListUpload, body = accepted(up)): Promise<ListPreview> {
  const response = await admin.inject({ method: 'POST', url: `/api/list-imports/${up.id}/preview`, payload: body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ListPreview>();
}

async function commit(up: ListUpload, body = accepted(up)): Promise<ListCommit> {
  const response = await admin.inject({ method: 'POST', url: `/api/list-imports/${up.id}/commit`, payload: body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ListCommit>();
}

async function qingxiUnits() {
  const { rows } = await app.db.pool.query<{ id: number; name: string; short_names: string[]; name_en: string | null }>(
    'SELECT id, name, short_names, name_en FROM units WHERE district_id = $1 ORDER BY id',
    [districtId],
  );
  return rows;
}

const csv = (text: string) => Buffer.from(text, 'utf8');

/** The full names of the units sample, as stored: 清溪区 河西街道办事处, with the clerk's stray space, without it. */
const SAMPLE_UNITS = [
  '清溪区城市管理和综合执法局',
  '清溪区住房和城乡建设局',
  '清溪区发展和改革局',
  '清溪区交通运输局',
  '清溪区水利局',
  '国网湖南省电力有限公司清溪区供电分公司',
  '清溪区城关街道办事处',
  '清溪区自然资源局',
  '清溪区水务投资集团有限公司',
  '清溪区河西街道办事处',
  '清溪区桃源街道办事处',
];

describe('the units list (单位名录)', () => {
  it('guesses the columns below a merged title and skips the 序号 column', async () => {
    const up = await uploaded('units', '清溪区单位名录.xlsx', await sample('清溪区单位名录.xlsx'));
    expect(up).toMatchObject({ kind: 'units', sheet: '单位名录', header_row: 2, data_rows: 12 });
    expect(up.columns.map((c) => [c.header, c.field])).toEqual([
      ['序号', null],
      ['所属区县', 'district'],
      ['单位全称', 'name'],
      ['简称', 'short_names'],
      ['英文名称', 'name_en'],
    ]);
  });

  it('previews each row, writes nothing, then commits all but the rejected one', async () => {
    // Other files of the run may have loaded 清溪区's units already: those rows are then updates or unchanged.
    const before = await qingxiUnits();
    const listed = SAMPLE_UNITS.filter((name) => before.some((u) => u.name === name)).length;
    const up = await uploaded('units', '清溪区单位名录.xlsx', await sample('清溪区单位名录.xlsx'));
    const shown = await preview(up);
    expect(shown.counts.create).toBe(11 - listed);
    expect(shown.counts.create + shown.counts.update + shown.counts.unchanged).toBe(11);
    const rejected = shown.rows.filter((r) => r.outcome === 'rejected');
    expect(rejected.map((r) => [r.row_number, r.label, r.problems[0]!.field, r.problems[0]!.zh])).toEqual([[14, '湘东区城市管理局', 'district', '区县“湘东区”不存在']]);
    expect(await qingxiUnits()).toEqual(before);

    const done = await commit(up);
    expect(done.counts).toEqual(shown.counts);
    const units = new Map((await qingxiUnits()).map((u) => [u.name, u]));
    expect(SAMPLE_UNITS.every((name) => units.has(name))).toBe(true);
    expect(units.size).toBe(before.length + 11 - listed);
    const shortNames = (name: string) => units.get(name)!.short_names;
    expect(shortNames('清溪区城市管理和综合执法局').slice(0, 2)).toEqual(['区城管局', '城管局']);
    expect(shortNames('国网湖南省电力有限公司清溪区供电分公司')).toEqual(expect.arrayContaining(['供电公司', '区供电公司']));
    expect(shortNames('清溪区自然资源局')).toEqual(expect.arrayContaining(['区自然资源局', '资源局']));
    expect(shortNames('清溪区桃源街道办事处')).toEqual(expect.arrayContaining(['桃源街道办', '桃源办']));
    expect(units.get('清溪区交通运输局')!.name_en).toBe('Transport Bureau');
  });

  it('refuses a second commit of the same upload, and a re-import changes nothing', async () => {
    const up = await uploaded('units', '清溪区单位名录.xlsx', await sample('清溪区单位名录.xlsx'));
    const again = await preview(up);
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 11, rejected: 1 });
    expect(again.rows.find((r) => r.label === '清溪区河西街道办事处')!.values.district).toBe('清溪区');
    await commit(up);
    const second = await admin.inject({ method: 'POST', url: `/api/list-imports/${up.id}/commit`, payload: accepted(up) });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'ALREADY_COMMITTED', message_zh: expect.stringContaining('已导入') });
  });

  it('merges new short names into an existing unit and refuses one another unit of the district has', async () => {
    const up = await uploaded(
      'units',
      '补充简称.csv',
      csv('区县,单位名称,简称\n清溪区,清溪区水利局,区水利局、水利局\n清溪区,清溪区市政设施维护中心,城管局\n清溪区,清溪区城管局旧称,区住建局\n'),
    );
    const shown = await preview(up);
    expect(shown.rows.map((r) => r.outcome)).toEqual(['update', 'rejected', 'rejected']);
    expect(shown.rows[0]!.notes[0]!.zh).toBe('新增简称:区水利局、水利局');
    expect(shown.rows[1]!.problems[0]).toMatchObject({ field: 'short_names', zh: '简称“城管局”已是清溪区“清溪区城市管理和综合执法局”的名称' });
    await commit(up);
    const units = new Map((await qingxiUnits()).map((u) => [u.name, u]));
    expect(units.get('清溪区水利局')!.short_names).toEqual(['区水利局', '水利局']);
    expect(units.has('清溪区市政设施维护中心')).toBe(false);
  });
});

describe('the staff list (人员名单)', () => {
  it('creates accounts with initial passwords shown once, stored only as argon2 hashes', async () => {
    const up = await uploaded('staff', '清溪区人员名单.xlsx', await sample('清溪区人员名单.xlsx'));
    expect(up.columns.map((c) => c.field)).toEqual([null, 'display_name', 'username', 'role', 'unit', 'area', null]);
    const shown = await preview(up);
    expect(shown.counts).toEqual({ create: 16, update: 0, unchanged: 0, rejected: 1 });
    expect(shown.rows.find((r) => r.outcome === 'rejected')).toMatchObject({ label: '黄磊', problems: [{ field: 'unit', zh: '单位“区文旅局”不存在:请先导入单位名录' }] });
    expect(shown.rows.find((r) => r.label === '陈志强')!.values.username).toBe('qx-leader');

    const response = await admin.inject({ method: 'POST', url: `/api/list-imports/${up.id}/commit`, payload: accepted(up) });
    expect(response.headers['cache-control']).toBe('no-store');
    const done = response.json<ListCommit>();
    expect(done.initial_passwords).toHaveLength(16);
    const liu = done.initial_passwords.find((p) => p.username === 'qx-cg-liu')!;
    expect(liu.password).toMatch(/^[A-Za-z2-9]{12}$/);

    const { rows } = await app.db.pool.query<{ username: string; password_hash: string; role: string; unit: string | null; area: string | null }>(
      `SELECT u.username, u.password_hash, u.role, un.name AS unit, a.name AS area
         FROM users u LEFT JOIN units un ON un.id = u.unit_id LEFT JOIN areas a ON a.id = u.area_id WHERE u.username LIKE 'qx-%' ORDER BY u.username`,
    );
    expect(rows).toHaveLength(16);
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$/);
    expect(rows.some((r) => done.initial_passwords.some((p) => r.password_hash.includes(p.password)))).toBe(false);
    const byName = new Map(rows.map((r) => [r.username, r]));
    expect(byName.get('qx-cg-liu')).toMatchObject({ role: 'unit', unit: '清溪区城市管理和综合执法局', area: '城关街道' });
    expect(byName.get('qx-gd-feng')).toMatchObject({ unit: '国网湖南省电力有限公司清溪区供电分公司' });
    expect(byName.get('qx-planner2')).toMatchObject({ role: 'planner', unit: null, area: '河西街道' });
    expect(byName.get('qx-admin')).toMatchObject({ role: 'admin' });

    const liuSession = await loginAs(app, 'unit', { username: 'qx-cg-liu', password: liu.password });
    expect(liuSession.role).toBe('unit');
    const users = await admin.inject('/api/users');
    expect(users.json().find((u: { username: string }) => u.username === 'qx-cg-liu')).toMatchObject({ area_name: '城关街道', unit_name: '清溪区城市管理和综合执法局' });
  });

  it('updates an existing account’s name, role, unit and area but never its password', async () => {
    const hashBefore = (await app.db.pool.query(`SELECT password_hash FROM users WHERE username = 'qx-planner1'`)).rows[0].password_hash;
    const up = await uploaded('staff', '调整.csv', csv('姓名,账号,角色,单位,区域\n李红梅,QX-Planner1,领导,,439901002000\n'));
    const shown = await preview(up);
    expect(shown.rows[0]).toMatchObject({ outcome: 'update', values: { username: 'qx-planner1', role: '领导', area: '河西街道' } });
    const done = await commit(up);
    expect(done.initial_passwords).toEqual([]);
    const { rows } = await app.db.pool.query(`SELECT role, password_hash, area_id FROM users WHERE username = 'qx-planner1'`);
    expect(rows[0]).toEqual({ role: 'leader', password_hash: hashBefore, area_id: streetIds['河西街道'] });
  });

  it('will not take the administrator role from the administrator importing the list', async () => {
    const up = await uploaded('staff', '自己.csv', csv('姓名,账号,角色\n演示管理员,demo-admin,规划员\n'));
    const shown = await preview(up);
    expect(shown.rows[0]).toMatchObject({ outcome: 'rejected', problems: [{ field: 'role', zh: '不能取消自己的管理员角色' }] });
  });
});

describe('the compounds list (小区名录)', () => {
  // The compounds inside 清溪区, each with the name of the area its trigger put it in.
  const compoundsOf = async () =>
    (
      await app.db.pool.query<{ name: string; households: number; year_built: number; address: string; type: string; area: string }>(
        `SELECT c.name, c.households, c.year_built, c.address, GeometryType(c.geom) AS type, a.name AS area
           FROM compounds c JOIN areas d ON d.id = $1 AND ST_Within(c.geom, d.geom) LEFT JOIN areas a ON a.id = c.area_id ORDER BY c.name`,
        [districtId],
      )
    ).rows.filter((c) => c.name !== '火星坐标小区');

  it('stores each listed compound as a point in its street; one without a position is rejected', async () => {
    const up = await uploaded('compounds', '清溪区小区名录.xlsx', await sample('清溪区小区名录.xlsx'));
    expect(up.columns.map((c) => c.field)).toEqual([null, 'name', 'address', 'households', 'year_built', 'lon', 'lat', 'street']);
    const shown = await preview(up);
    expect(shown.counts).toEqual({ create: 29, update: 0, unchanged: 0, rejected: 1 });
    expect(shown.rows.find((r) => r.outcome === 'rejected')).toMatchObject({ label: '林场宿舍', problems: [{ field: 'lon' }] });
    await commit(up);
    const stored = await compoundsOf();
    expect(stored).toHaveLength(29);
    expect(new Set(stored.map((c) => c.type))).toEqual(new Set(['POINT']));
    const jinxiu = stored.find((c) => c.name === '锦绣花园')!;
    expect(jinxiu).toMatchObject({ households: 353, year_built: 1994, address: '城关路10号' });
    // Another file's made-up 清溪区 may overlap this one, its names set aside with (另): either way the street is 城关街道.
    expect(jinxiu.area).toMatch(/^城关街道/);
    expect(stored.find((c) => c.name === '桂花苑')!.year_built).toBe(2009);
  });

  it('reads the GBK CSV of the same list as the same compounds, and updates by name within the district', async () => {
    const up = await uploaded('compounds', '清溪区小区名录.csv', await sample('清溪区小区名录.csv'));
    expect(up.header_row).toBe(1);
    expect((await preview(up)).counts).toEqual({ create: 0, update: 0, unchanged: 29, rejected: 1 });

    const changed = await uploaded('compounds', '更新.csv', csv('小区名称,户数,建成年份,经度,纬度\n锦绣花园,360户,1994年,113.044595,28.223814\n'));
    const shown = await preview(changed);
    expect(shown.rows[0]).toMatchObject({ outcome: 'update', notes: [{ field: 'households', zh: '户数:353 → 360' }, { field: 'address' }] });
    await commit(changed);
    expect((await compoundsOf()).find((c) => c.name === '锦绣花园')).toMatchObject({ households: 360, address: null });
  });

  it('converts GCJ-02 positions when the admin says the list is in them', async () => {
    const up = await uploaded('compounds', 'gcj.csv', csv('小区名称,户数,经度,纬度\n火星坐标小区,100,113.25,28.05\n'));
    const shown = await preview(up, { ...accepted(up), crs: 'gcj02' });
    const lon = Number(shown.rows[0]!.values.lon);
    expect(lon).toBeLessThan(113.25);
    expect(lon).toBeGreaterThan(113.24);
  });
});

describe('refusals', () => {
  const countsNow = async () =>
    (
      await app.db.pool.query(
        `SELECT (SELECT count(*) FROM units)::int AS units, (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM compounds)::int AS compounds`,
      )
    ).rows[0];

  it('refuses an empty file and one without a header, in both languages', async () => {
    const empty = await upload(admin, 'units', 'a.csv', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    const noHeader = await upload(admin, 'units', 'b.csv', csv('甲,乙\n1,2\n'));
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json()).toMatchObject({ code: 'NO_HEADER_ROW', message: expect.stringContaining('header row'), message_zh: expect.stringContaining('表头') });
  });

  it('refuses a file over 10 MB before reading it', async () => {
    const response = await upload(admin, 'compounds', 'huge.csv', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'FILE_TOO_LARGE', message_zh: expect.stringContaining('10 MB') });
  });

  it('refuses a list of more than 5,000 rows with 413', async () => {
    const rows = Array.from({ length: 5001 }, (_, i) => `清溪区,单位${i}`).join('\n');
    const response = await upload(admin, 'units', 'big.csv', csv(`区县,单位名称\n${rows}\n`));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'LIST_TOO_LARGE', message_zh: expect.stringContaining('5000') });
  });

  it('refuses a mapping without a required field or with another kind’s field, naming it, and writes nothing', async () => {
    const before = await countsNow();
    const up = await uploaded('units', 'c.csv', csv('区县,单位名称\n清溪区,清溪区审计局\n'));
    const missing = await admin.inject({ method: 'POST', url: `/api/list-imports/${up.id}/commit`, payload: { mapping: { district: 0 } } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([expect.objectContaining({ field: '/mapping/name', reason_zh: '请选择“单位全称”所在的列' })]);
    const foreign = await admin.inject({ method: 'POST', url: `/api/list-imports/${up.id}/commit`, payload: { mapping: { district: 0, name: 1, role: 1 } } });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0]).toMatchObject({ field: '/mapping/role' });
    const outside = await admin.inject({ method: 'POST', url: `/api/list-imports/${up.id}/preview`, payload: { mapping: { district: 0, name: 7 } } });
    expect(outside.statusCode).toBe(400);
    expect(await countsNow()).toEqual(before);
  });

  it('refuses an unknown kind and an unknown import', async () => {
    expect((await upload(admin, 'roads', 'd.csv', csv('a,b\n'))).statusCode).toBe(400);
    expect((await admin.inject({ method: 'POST', url: '/api/list-imports/999999/preview', payload: { mapping: {} } })).statusCode).toBe(404);
  });

  it('lets only administrators import lists', async () => {
    const up = await uploaded('units', 'e.csv', csv('区县,单位名称\n清溪区,清溪区统计局\n'));
    expect((await app.inject({ method: 'POST', url: '/api/list-imports?kind=units&file_name=x.csv', headers: { 'content-type': 'text/csv' }, payload: 'a' })).statusCode).toBe(401);
    for (const role of ['planner', 'unit', 'leader'] as const) {
      const who = await loginAs(app, role);
      for (const kind of ['units', 'staff', 'compounds']) {
        const response = await upload(who, kind, 'x.csv', csv('区县,单位名称\n'));
        expect(response.statusCode, `${role} ${kind}`).toBe(403);
        expect(response.json().message_zh).toMatch(/^您的角色无权导入/);
      }
      expect((await who.inject({ method: 'POST', url: `/api/list-imports/${up.id}/commit`, payload: accepted(up) })).statusCode).toBe(403);
    }
    expect((await qingxiUnits()).some((u) => u.name === '清溪区统计局')).toBe(false);
  });
});
