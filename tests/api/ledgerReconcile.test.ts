import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_FILE, ledgerRows, STREET_BOXES } from '../../data/samples/make-ledger.js';
import type { Dashboard } from '../../server/src/domain/dashboard.js';
import type { ImportState, UnplacedRowOutput, ValueListOutput } from '../../server/src/domain/ledgerImport.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { acceptedOptions, commitImport, previewLedger, previewRowsOf, settled } from '../helpers/imports.js';

/**
 * The sample ledger of a made-up district, as a clerk keeps it, into a
 * database that knows the district, its streets and its units by their full
 * names. The expected numbers come from the rows the sample script writes,
 * not from the importer.
 */
let app: FastifyInstance;
let admin: TestSession;
let planner: TestSession;
let districtId: number;
const unitIds = new Map<string, number>();
const LEDGER = LEDGER_FILE.replace(/\.xlsx$/, '');
const sample = () => readFile(new URL(`../../data/samples/${LEDGER_FILE}`, import.meta.url));
const rows = ledgerRows();
const rowsWith = (pick: (r: (typeof rows)[number]) => boolean) => rows.filter(pick).length;

const UNITS = [
  '清溪区城市管理和综合执法局',
  '清溪区住房和城乡建设局',
  '清溪区发展和改革局',
  '清溪区交通运输局',
  '清溪区水利局',
  '国网湖南省电力有限公司清溪区供电分公司',
  '清溪区城关街道办事处',
];

const box = ([minLon, minLat, maxLon, maxLat]: [number, number, number, number]) => ({
  type: 'Polygon',
  coordinates: [[[minLon, minLat], [maxLon, minLat], [maxLon, maxLat], [minLon, maxLat], [minLon, minLat]]],
});

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, 'admin');
  planner = await loginAs(app, 'planner');
  const suffix = Date.now().toString(36);
  const area = async (properties: Record<string, unknown>, geometry: object) => {
    const response = await admin.inject({ method: 'POST', url: '/api/areas', payload: { type: 'Feature', geometry, properties } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: number }>().id;
  };
  districtId = await area({ code: `T-439901-${suffix}`, name: '清溪区', name_en: 'Qingxi', level: 'district' }, box([113.0, 28.0, 113.3, 28.3]));
  for (const [i, [name, bounds]] of Object.entries(STREET_BOXES).entries()) {
    await area({ code: `T-43990100${i}-${suffix}`, name, name_en: `Street ${i}`, level: 'street', parent_id: districtId }, box(bounds));
  }
  for (const name of UNITS) {
    const response = await admin.inject({ method: 'POST', url: '/api/units', payload: { name, district_id: districtId } });
    expect(response.statusCode, response.body).toBe(201);
    unitIds.set(name, response.json<{ id: number }>().id);
  }
});

afterAll(async () => {
  // The projects of this district would show in the other files' maps and counts.
  await app?.db.pool.query(
    `UPDATE projects SET deleted_at = now() WHERE deleted_at IS NULL AND area_id IN (SELECT id FROM areas WHERE id = $1 OR parent_id = $1)`,
    [districtId],
  );
  await app?.close();
});

const values = async (id: number) => {
  const response = await planner.inject(`/api/imports/${id}/values`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ValueListOutput>().values;
};
const entry = (list: ValueListOutput['values'], field: string, value: string) => list.find((v) => v.field === field && v.value === value);
const decide = (id: number, decisions: object[]) => planner.inject({ method: 'PUT', url: `/api/imports/${id}/values`, payload: { decisions } });

describe('the sample ledger of 清溪区, short unit names and all', () => {
  let first: ImportState;

  beforeAll(async () => {
    first = await previewLedger(planner, LEDGER_FILE, await sample());
  });

  it('resolves the short names that fit one unit of the district, and says so on each row', async () => {
    const previewed = await previewRowsOf(planner, first.id);
    const byKey = new Map(previewed.map((r) => [r.row_key, r]));
    const power = byKey.get(String(rows.findIndex((r) => r.unit === '供电公司') + 1))!;
    expect(power.warnings.map((w) => w.reason_zh)).toContain('“供电公司”按简称识别为“国网湖南省电力有限公司清溪区供电分公司”(本区唯一与之相符的单位)');
    for (const r of previewed) {
      const written = rows[Number(r.row_key) - 1]!;
      if (written.unit === '区消防大队') expect(r.outcome).toBe('rejected');
      if (UNITS.includes(written.unit)) expect(r.warnings.some((w) => w.reason_zh.includes('按简称识别'))).toBe(false);
    }
  });

  it('lists each value that did not match exactly, with its rows and a suggestion', async () => {
    const list = await values(first.id);
    expect(entry(list, 'unit', '区城管局')).toMatchObject({
      rows: rowsWith((r) => r.unit === '区城管局'),
      suggestion: { id: unitIds.get('清溪区城市管理和综合执法局'), name: '清溪区城市管理和综合执法局', source: 'abbreviation' },
      choice: null,
      district: { id: districtId, name: '清溪区' },
    });
    expect(entry(list, 'unit', '县发改局')!.suggestion!.name).toBe('清溪区发展和改革局');
    expect(entry(list, 'unit', '区交通局')!.suggestion!.name).toBe('清溪区交通运输局');
    expect(entry(list, 'unit', '城关街道')!.suggestion!.name).toBe('清溪区城关街道办事处');
    expect(entry(list, 'unit', '区消防大队')).toMatchObject({ rows: 2, suggestion: null });
    expect(entry(list, 'kind', '口袋公园')).toMatchObject({ rows: 1, suggestion: null });
    expect(entry(list, 'kind', '亮化工程')).toMatchObject({ rows: 1, suggestion: { id: 'streetlight', source: 'similar' } });
    expect(entry(list, 'status', '已完工')).toMatchObject({ rows: 1, suggestion: null });
    // Written exactly as the units list names it: nothing to reconcile.
    expect(entry(list, 'unit', '清溪区城市管理和综合执法局')).toBeUndefined();
    expect(entry(list, 'street', '城关街道')).toBeUndefined();
  });

  it('counts the warned rows apart from the rejected ones', async () => {
    const rejected = rowsWith((r) => r.unit === '区消防大队' || r.kind === '口袋公园' || r.status === '已完工');
    const unplaced = rowsWith((r) => r.position === null || r.kind === '老旧小区改造');
    expect(first.counts).toEqual({ create: rows.length - rejected - unplaced, update: 0, unchanged: 0, conflict: 0, rejected, unplaced });
    const warned = await previewRowsOf(planner, first.id);
    expect(first.warned).toBe(warned.filter((r) => r.outcome !== 'rejected' && r.warnings.length > 0).length);
    expect(first.warned).toBeGreaterThan(40);
    const page = (await planner.inject(`/api/imports/${first.id}/rows?warned=true&limit=1000`)).json<{ total: number }>();
    expect(page.total).toBe(first.warned);
  });

  it('refuses a bad decision by its field, in both languages, and changes nothing', async () => {
    const before = await app.db.pool.query('SELECT count(*)::int AS n FROM units');
    const cases: [object, string][] = [
      [{ field: 'kind', value: '口袋公园', action: 'create' }, '/decisions/0/action'],
      [{ field: 'unit', value: '区消防大队', action: 'accept' }, '/decisions/0/action'],
      [{ field: 'unit', value: '区城管局', action: 'pick', id: 'streetlight' }, '/decisions/0/id'],
      [{ field: 'kind', value: '口袋公园', action: 'pick', id: 'park' }, '/decisions/0/id'],
      [{ field: 'status', value: '已完工', action: 'pick' }, '/decisions/0/id'],
    ];
    for (const [decision, field] of cases) {
      const response = await decide(first.id, [decision]);
      expect(response.statusCode, response.body).toBe(400);
      const error = response.json<{ errors: { field: string; reason: string; reason_zh: string }[] }>().errors[0]!;
      expect(error.field).toBe(field);
      expect(error.reason_zh).toMatch(/[\u4e00-\u9fff]/);
    }
    // The second decision names a unit that does not exist: the first, valid, is not kept either.
    const half = await decide(first.id, [
      { field: 'unit', value: '区城管局', action: 'accept' },
      { field: 'unit', value: '区住建局', action: 'pick', id: 2147483647 },
    ]);
    expect(half.statusCode, half.body).toBe(400);
    expect(half.json().errors[0].field).toBe('/decisions/1/id');
    expect((await app.db.pool.query('SELECT count(*)::int AS n FROM units')).rows[0]).toEqual(before.rows[0]);
    expect(entry(await values(first.id), 'unit', '区城管局')!.choice).toBeNull();
    const { rows: shortNames } = await app.db.pool.query('SELECT short_names FROM units WHERE id = $1', [unitIds.get('清溪区城市管理和综合执法局')]);
    expect(shortNames[0].short_names).toEqual([]);
  });

  it('keeps the planner’s decisions with the ledger and as short names, and the next preview applies them', async () => {
    const response = await decide(first.id, [
      { field: 'unit', value: '区城管局', action: 'accept' },
      { field: 'unit', value: '区消防大队', action: 'create' },
      { field: 'status', value: '已完工', action: 'pick', id: 'completed' },
      { field: 'kind', value: '口袋公园', action: 'pick', id: 'compound' },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const list = response.json<ValueListOutput>().values;
    expect(entry(list, 'unit', '区消防大队')!.choice).toMatchObject({ name: '清溪区消防大队' });
    const { rows: created } = await app.db.pool.query('SELECT name, district_id, short_names FROM units WHERE name = $1', ['清溪区消防大队']);
    expect(created).toEqual([{ name: '清溪区消防大队', district_id: districtId, short_names: ['区消防大队'] }]);
    const { rows: cityManagement } = await app.db.pool.query('SELECT short_names FROM units WHERE id = $1', [unitIds.get('清溪区城市管理和综合执法局')]);
    expect(cityManagement[0].short_names).toEqual(['区城管局']);

    expect(entry(list, 'kind', '口袋公园')!.choice).toEqual({ id: 'compound', name: '老旧小区改造' });
    // A park is no compound after all: forgetting the decision leaves the row for the planner again.
    const forgot = await decide(first.id, [{ field: 'kind', value: '口袋公园', action: 'forget' }]);
    expect(forgot.statusCode, forgot.body).toBe(200);
    expect(entry(forgot.json<ValueListOutput>().values, 'kind', '口袋公园')!.choice).toBeNull();

    const again = await planner.inject({ method: 'POST', url: `/api/imports/${first.id}/preview`, payload: acceptedOptions(first, first.options!) });
    expect(again.statusCode, again.body).toBe(202);
    const second = await settled(planner, first.id);
    expect(second.counts!.rejected).toBe(first.counts!.rejected - 3);
    const previewed = await previewRowsOf(planner, first.id);
    const fireBrigade = previewed.filter((r) => rows[Number(r.row_key) - 1]!.unit === '区消防大队');
    expect(fireBrigade.map((r) => r.outcome)).toEqual(['create', 'create']);
    // A decided value is no longer a guess: its rows carry no warning about it.
    const cityRows = previewed.filter((r) => rows[Number(r.row_key) - 1]!.unit === '区城管局');
    expect(cityRows.length).toBeGreaterThan(0);
    for (const r of cityRows) expect(r.warnings.some((w) => w.reason_zh.includes('按简称识别'))).toBe(false);
    expect(entry(await values(first.id), 'unit', '区城管局')).toMatchObject({ choice: { name: '清溪区城市管理和综合执法局' } });
  });

  it('writes what the ledger lacks as it is: completed on an unknown day, assigned on arrival, compounds waiting to be drawn', async () => {
    await commitImport(planner, first.id);
    const { rows: stored } = await app.db.pool.query<{ row_key: string; id: number; status: string; completed_on: string | null; unit_id: number | null }>(
      `SELECT k.row_key, p.id, p.status, p.completed_on, p.unit_id
         FROM ledger_keys k JOIN ledgers l ON l.id = k.ledger_id JOIN projects p ON p.id = k.project_id WHERE l.name = $1`,
      [LEDGER],
    );
    const byKey = new Map(stored.map((s) => [s.row_key, s]));
    const undated = rows.flatMap((r, i) => (r.status === '已完成' && r.completed === null && r.position !== null && r.kind !== '老旧小区改造' ? [String(i + 1)] : []));
    expect(undated.length).toBeGreaterThan(0);
    for (const key of undated) expect(byKey.get(key)).toMatchObject({ status: 'completed', completed_on: null });

    const history = (await planner.inject(`/api/projects/${byKey.get(undated[0]!)!.id}/history`)).json<{ action: string; from_status: string | null; to_status: string; note: string }[]>();
    expect(history.map((h) => [h.action, h.from_status, h.to_status])).toEqual([
      ['create', null, 'reported'],
      ['transition', 'reported', 'assigned'],
      ['transition', 'assigned', 'in_progress'],
      ['transition', 'in_progress', 'completed'],
    ]);
    for (const h of history) expect(h.note).toContain(`导入台账“${LEDGER}”`);

    // No status, a unit and a deadline: assigned, and its record says so.
    const unstated = rows.findIndex((r) => r.status === '' && r.position !== null && r.kind !== '老旧小区改造');
    const assigned = byKey.get(String(unstated + 1))!;
    expect(assigned).toMatchObject({ status: 'assigned' });
    const steps = (await planner.inject(`/api/projects/${assigned.id}/history`)).json<{ action: string; to_status: string }[]>();
    expect(steps.map((h) => h.to_status)).toEqual(['reported', 'assigned']);

    const waiting = (await planner.inject('/api/imports/unplaced')).json<UnplacedRowOutput[]>().filter((u) => u.import_id === first.id);
    expect(waiting.filter((u) => u.kind === 'compound')).toHaveLength(rowsWith((r) => r.kind === '老旧小区改造'));
    expect(waiting).toHaveLength(rowsWith((r) => r.position === null || r.kind === '老旧小区改造'));
  });

  it('places a compound waiting to be outlined (待勾画) as the outline a planner draws', async () => {
    const waiting = (await planner.inject('/api/imports/unplaced')).json<UnplacedRowOutput[]>().find((u) => u.import_id === first.id && u.kind === 'compound')!;
    const place = (payload: object) => planner.inject({ method: 'POST', url: `/api/imports/${first.id}/rows/${waiting.row_number}/place`, payload });
    const written = rows[Number(waiting.row_key) - 1]!;
    const [lon, lat] = written.position!;
    // The point the ledger gave is kept for the planner to draw around.
    expect(waiting.point).toEqual([lon, lat]);
    const outline = { type: 'Polygon', coordinates: [[[lon - 0.001, lat - 0.001], [lon + 0.001, lat - 0.001], [lon + 0.001, lat + 0.001], [lon - 0.001, lat + 0.001], [lon - 0.001, lat - 0.001]]] };
    const refusals: [object, string][] = [
      // A click where no compound is known cannot stand for a compound's outline.
      [{ lon, lat }, '/lon'],
      [{ lon, lat, geometry: outline }, '/geometry'],
      [{ geometry: { type: 'Point', coordinates: [lon, lat] } }, '/geometry/type'],
      [{ geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.001, lat + 0.001], [lon + 0.001, lat], [lon, lat + 0.001], [lon, lat]]] } }, '/geometry'],
      [{}, '/lon'],
    ];
    for (const [payload, field] of refusals) {
      const refused = await place(payload);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().errors[0].field).toMatch(new RegExp(`^${field}`));
    }
    const placed = await place({ geometry: outline });
    expect(placed.statusCode, placed.body).toBe(201);
    const project = (await planner.inject(`/api/projects/${placed.json().project_id}`)).json<{ geometry: { type: string }; properties: { kind: string; status: string } }>();
    expect(project.geometry.type).toBe('Polygon');
    expect(project.properties.kind).toBe('compound');
    expect((await place({ geometry: outline })).statusCode).toBe(409);
  });

  it('leaves the projects done on an unknown day out of the on-time rate, and says how many', async () => {
    const response = await planner.inject(`/api/dashboard?area=${districtId}`);
    expect(response.statusCode, response.body).toBe(200);
    const totals = response.json<Dashboard>().totals;
    const { rows: facts } = await app.db.pool.query<{ undated: number; timed: number }>(
      `SELECT count(*) FILTER (WHERE completed_on IS NULL)::int AS undated,
              count(*) FILTER (WHERE completed_on IS NOT NULL AND deadline IS NOT NULL)::int AS timed
         FROM projects WHERE deleted_at IS NULL AND status IN ('completed', 'verified')
          AND area_id IN (SELECT id FROM areas WHERE id = $1 OR parent_id = $1)`,
      [districtId],
    );
    expect(facts[0]!.undated).toBeGreaterThan(0);
    expect(totals.done_day_unknown).toBe(facts[0]!.undated);
    expect(totals.on_time.denominator).toBe(facts[0]!.timed);
  });
});

describe('who may decide', () => {
  it('lets only planners read and decide the values', async () => {
    const body = { decisions: [{ field: 'unit', value: '区城管局', action: 'forget' }] };
    for (const role of ['unit', 'leader', 'admin'] as const) {
      const session = await loginAs(app, role);
      expect((await session.inject('/api/imports/1/values')).statusCode).toBe(403);
      expect((await session.inject({ method: 'PUT', url: '/api/imports/1/values', payload: body })).statusCode).toBe(403);
    }
    expect((await app.inject('/api/imports/1/values')).statusCode).toBe(401);
    expect((await planner.inject('/api/imports/2147483647/values')).statusCode).toBe(404);
  });
});

describe('deciding before there is anything to decide', () => {
  it('refuses decisions on an import not yet previewed', async () => {
    const upload = await planner.inject({ method: 'POST', url: `/api/imports?file_name=${encodeURIComponent(LEDGER_FILE)}`, headers: { 'content-type': 'application/octet-stream' }, payload: await sample() });
    expect(upload.statusCode, upload.body).toBe(201);
    const response = await decide(upload.json<ImportState>().id, [{ field: 'unit', value: '区城管局', action: 'accept' }]);
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json()).toMatchObject({ code: 'NOT_PREVIEWED' });
  });
});
