import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asOfDate,
  lastFullWeek,
  measuresOf,
  mondayOf,
  TREND_WEEKS,
  weeklyFiguresOf,
  weeksEndingWith,
  type Dashboard,
  type Measures,
  type ProjectTimeline,
  type WeeklyReport,
} from '../../server/src/domain/dashboard.js';
import { addDays, daysBetween, todayIn, type IsoDate } from '../../server/src/domain/dates.js';
import type { Status } from '../../server/src/domain/status.js';
import { foldOverdueTallies } from '../../server/src/db/tallies.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { squareAround } from '../helpers/fixtures.js';

/**
 * A hand-built district far from the demo data (104.00–104.10°E, 44.00–44.10°N):
 * street W (communities W1, W2) and street E side by side over 44.00–44.08°N,
 * and a band along the north that lies in the district but in neither street.
 * Eleven live projects and a deleted one, every figure worked out by hand below.
 *
 * Dates are days from S, the Monday three weeks before this week's Monday, so
 * week W0 = S … S+6 is over and today lies in S+21 … S+27.
 */
let app: FastifyInstance;
let planner: TestSession;
let leader: TestSession;
const TZ = 'Asia/Shanghai';
let today: IsoDate;
let S: IsoDate;
const day = (k: number) => addDays(S, k);
const ids: Record<string, number> = {};
const unit: Record<string, number> = {};
const p: Record<string, number> = {};

async function sql(text: string, params: unknown[] = []) {
  return app.db.pool.query(text, params);
}

async function area(code: string, name: string, level: string, parent: number | null, box: [number, number, number, number]) {
  const { rows } = await sql(
    `INSERT INTO areas (code, name, name_en, level, parent_id, geom)
     VALUES ($1, $2, $1, $3, $4, ST_Multi(ST_MakeEnvelope($5, $6, $7, $8, 4326))) RETURNING id`,
    [code, name, level, parent, ...box],
  );
  return rows[0].id as number;
}

const AT: Record<string, [number, number]> = { W1: [104.01, 44.04], W2: [104.04, 44.04], E: [104.08, 44.04], band: [104.05, 44.09] };

async function create(kind: string, title: string, where: keyof typeof AT, households: number | null = null): Promise<number> {
  const geometry = kind === 'compound' ? { type: 'Polygon', coordinates: squareAround(AT[where]!, 0.002) } : { type: 'Point', coordinates: AT[where] };
  const response = await planner.inject({
    method: 'POST',
    url: '/api/projects',
    payload: { type: 'Feature', geometry, properties: { kind, title, households_benefited: households } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: number }>().id;
}

interface Story {
  status: Status;
  unit: string | null;
  reported: number;
  deadline?: number;
  completed?: number;
  verified?: number;
  reopened?: boolean;
  /** Day of the move to assigned, as a timestamp in China time. */
  assignedAt?: string;
  cancelled?: number;
  followUps?: [number, number][];
}

/** Until every step can be dated through the API, the past is written straight into the tables. */
async function tell(id: number, s: Story) {
  await sql(
    `UPDATE projects SET status = $2, unit_id = $3, reported_on = $4, deadline = $5, completed_on = $6, verified_on = $7, reopen_count = $8
      WHERE id = $1`,
    [id, s.status, s.unit ? unit[s.unit] : null, day(s.reported), s.deadline === undefined ? null : day(s.deadline), s.completed === undefined ? null : day(s.completed), s.verified === undefined ? null : day(s.verified), s.reopened ? 1 : 0],
  );
  const history = (to: string, at: string) =>
    sql(`INSERT INTO project_history (project_id, version, action, actor, at, from_status, to_status) VALUES ($1, 100, 'transition', 'test', $2, 'reported', $3)`, [id, at, to]);
  if (s.assignedAt) await history('assigned', s.assignedAt);
  if (s.cancelled !== undefined) await history('cancelled', `${day(s.cancelled)}T10:00:00+08:00`);
  for (const [on, satisfaction] of s.followUps ?? []) {
    await sql(`INSERT INTO project_follow_ups (project_id, followed_on, satisfaction, satisfied, actor) VALUES ($1, $2, $3, $4, 'test')`, [id, day(on), satisfaction, satisfaction >= 3]);
  }
}

const morning = (k: number) => `${day(k)}T10:00:00+08:00`;

async function transition(id: number, body: Record<string, unknown>) {
  const response = await planner.inject({ method: 'POST', url: `/api/projects/${id}/transitions`, payload: body });
  expect(response.statusCode, response.body).toBe(200);
}

beforeAll(async () => {
  app = await startTestApp();
  today = todayIn(TZ);
  S = addDays(mondayOf(today), -21);
  planner = await loginAs(app, 'planner');
  leader = await loginAs(app, 'leader');

  ids.district = await area('T-DASH', '测试区', 'district', null, [104.0, 44.0, 104.1, 44.1]);
  ids.W = await area('T-DASH-W', '西街道', 'street', ids.district, [104.0, 44.0, 104.05, 44.08]);
  ids.E = await area('T-DASH-E', '东街道', 'street', ids.district, [104.05, 44.0, 104.1, 44.08]);
  ids.W1 = await area('T-DASH-W1', '西一社区', 'community', ids.W, [104.0, 44.0, 104.025, 44.08]);
  ids.W2 = await area('T-DASH-W2', '西二社区', 'community', ids.W, [104.025, 44.0, 104.05, 44.08]);
  for (const [key, name] of [['U1', '测试区城管局'], ['U2', '测试区住建局']] as const) {
    const { rows } = await sql('INSERT INTO units (name, name_en, district_id) VALUES ($1, $2, $3) RETURNING id', [name, key, ids.district]);
    unit[key] = rows[0].id;
  }

  p.P1 = await create('streetlight', '西一路灯', 'W1', 100);
  await tell(p.P1, { status: 'verified', unit: 'U1', reported: -12, assignedAt: morning(-11), deadline: -2, completed: -4, verified: 0, followUps: [[0, 5]] });
  // Reported on Monday S, assigned 00:30 China time: still Sunday in UTC, so only the districts' clock puts it in W0.
  p.P2 = await create('streetlight', '@西一路灯二', 'W1', 50);
  await tell(p.P2, { status: 'completed', unit: 'U1', reported: 0, assignedAt: `${day(0)}T00:30:00+08:00`, deadline: 5, completed: 8 });
  p.P3 = await create('drainage', '=HYPERLINK("http://example.invalid","点我")', 'W1', 999);
  await tell(p.P3, { status: 'in_progress', unit: 'U2', reported: -5, assignedAt: morning(-4), deadline: 3 });
  p.P4 = await create('drainage', '西一下水道', 'W1');
  await tell(p.P4, { status: 'assigned', unit: 'U1', reported: 20, assignedAt: morning(20), deadline: 40 });
  p.P5 = await create('charging', '西二充电桩', 'W2', 300);
  await tell(p.P5, { status: 'verified', unit: 'U2', reported: -30, assignedAt: morning(-29), deadline: -10, completed: -15, verified: 4, reopened: true, followUps: [[-18, 2], [4, 4]] });
  p.P6 = await create('compound', '西二小区改造', 'W2', 500);
  await tell(p.P6, { status: 'cancelled', unit: 'U2', reported: -20, assignedAt: morning(-19), deadline: 10, cancelled: 2 });
  p.P7 = await create('streetlight', '西二路灯', 'W2');
  await tell(p.P7, { status: 'reported', unit: null, reported: 21 });
  p.P8 = await create('drainage', '东街下水道', 'E');
  await tell(p.P8, { status: 'in_progress', unit: 'U1', reported: -8, assignedAt: morning(-7), deadline: 6, reopened: true, followUps: [[5, 1]] });
  p.P9 = await create('charging', '东街充电桩', 'E', 80);
  await tell(p.P9, { status: 'completed', unit: 'U1', reported: 7, assignedAt: morning(8), completed: 12 });
  p.P10 = await create('compound', '北片小区改造', 'band', 200);
  await tell(p.P10, { status: 'verified', unit: 'U2', reported: -50, assignedAt: morning(-49), deadline: 1, completed: 1, verified: 3, followUps: [[3, 3]] });

  // P11 goes round the loop through the API today, reopened once on the way.
  p.P11 = await create('streetlight', '西一路灯三', 'W1', 40);
  await transition(p.P11, { to: 'assigned', unit_id: unit.U1, deadline: addDays(today, 7) });
  await transition(p.P11, { to: 'in_progress' });
  await transition(p.P11, { to: 'completed', note: '更换灯具' });
  await transition(p.P11, { to: 'in_progress', satisfaction: 2, note: '仍有一盏不亮' });
  await transition(p.P11, { to: 'completed', note: '再次检修' });
  await transition(p.P11, { to: 'verified', satisfaction: 4 });

  // A deleted project counts nowhere.
  p.P12 = await create('drainage', '已删除', 'W1', 7);
  expect((await planner.inject({ method: 'DELETE', url: `/api/projects/${p.P12}` })).statusCode).toBe(204);
});

afterAll(async () => {
  await app?.close();
});

async function dashboard(query: string): Promise<Dashboard> {
  const response = await leader.inject(`/api/dashboard?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Dashboard>();
}

async function weekly(query: string): Promise<WeeklyReport> {
  const response = await leader.inject(`/api/reports/weekly?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<WeeklyReport>();
}

/** The measures apart from the counts by kind, with the means to 12 places. */
function figures(m: Measures) {
  const { by_kind: _byKind, ...rest } = m;
  return {
    ...rest,
    days_to_complete: { ...m.days_to_complete, mean: m.days_to_complete.mean === null ? null : Number(m.days_to_complete.mean.toFixed(12)) },
    satisfaction: { ...m.satisfaction, mean: m.satisfaction.mean === null ? null : Number(m.satisfaction.mean.toFixed(12)) },
    on_time: { ...m.on_time, ratio: m.on_time.ratio === null ? null : Number(m.on_time.ratio.toFixed(12)) },
    reopen: { ...m.reopen, ratio: m.reopen.ratio === null ? null : Number(m.reopen.ratio.toFixed(12)) },
  };
}

const statuses = (counts: Partial<Record<Status, number>>) => ({ reported: 0, assigned: 0, in_progress: 0, completed: 0, verified: 0, cancelled: 0, ...counts });
const ratio = (numerator: number, denominator: number) => ({ numerator, denominator, ratio: denominator === 0 ? null : Number((numerator / denominator).toFixed(12)) });
const mean = (sum: number, count: number) => ({ mean: count === 0 ? null : Number((sum / count).toFixed(12)), count });

describe('the dashboard of a hand-built district', () => {
  it('measures the whole district', async () => {
    const d = await dashboard(`area=${ids.district}`);
    expect(d.area).toMatchObject({ id: ids.district, name: '测试区', level: 'district' });
    expect(d.path.map((a) => a.id)).toEqual([ids.district]);
    expect(d.today).toBe(today);
    expect(figures(d.totals)).toEqual({
      total: 11,
      by_status: statuses({ verified: 4, completed: 2, in_progress: 2, assigned: 1, cancelled: 1, reported: 1 }),
      open: 4, // P3 P4 P7 P8
      overdue: 2, // P3 (deadline S+3), P8 (S+6); P4's deadline is ahead, P7 has none
      done: 6,
      // On time: P1 (S−4 ≤ S−2), P5, P10 (on the deadline day), P11; late: P2. P9 has no deadline.
      on_time: ratio(4, 5),
      // P1 8, P2 8, P5 15, P9 5, P10 51, P11 0 days.
      days_to_complete: mean(87, 6),
      // Reopened P5, P8, P11 of the six done and P8, once completed.
      reopen: ratio(3, 7),
      // P1 5; P5 2, 4; P8 1; P10 3; P11 2, 4.
      satisfaction: mean(21, 7),
      // Done only: P1 100, P2 50, P5 300, P9 80, P10 200, P11 40 (not P3's 999, P6's 500, the deleted one's 7).
      households_benefited: 770,
      // Every done project here has its completion day.
      done_day_unknown: 0,
    });
    expect(d.totals.by_kind).toEqual({
      streetlight: statuses({ verified: 2, completed: 1, reported: 1 }),
      drainage: statuses({ in_progress: 2, assigned: 1 }),
      compound: statuses({ verified: 1, cancelled: 1 }),
      charging: statuses({ verified: 1, completed: 1 }),
    });
  });

  it('gives each street its row, and what lies in no street its own', async () => {
    const d = await dashboard(`area=${ids.district}`);
    expect(d.children.map((c) => c.area.id)).toEqual([ids.E, ids.W]);
    const [east, west] = d.children.map((c) => figures(c.measures));
    expect(west).toEqual({
      total: 8,
      by_status: statuses({ verified: 3, completed: 1, in_progress: 1, assigned: 1, cancelled: 1, reported: 1 }),
      open: 3,
      overdue: 1,
      done: 4,
      on_time: ratio(3, 4),
      days_to_complete: mean(31, 4),
      reopen: ratio(2, 4),
      satisfaction: mean(17, 5),
      households_benefited: 490,
      done_day_unknown: 0,
    });
    expect(east).toEqual({
      total: 2,
      by_status: statuses({ in_progress: 1, completed: 1 }),
      open: 1,
      overdue: 1,
      done: 1,
      on_time: ratio(0, 0),
      days_to_complete: mean(5, 1),
      reopen: ratio(1, 2),
      satisfaction: mean(1, 1),
      households_benefited: 80,
      done_day_unknown: 0,
    });
    expect(figures(d.rest!)).toEqual({
      total: 1,
      by_status: statuses({ verified: 1 }),
      open: 0,
      overdue: 0,
      done: 1,
      on_time: ratio(1, 1),
      days_to_complete: mean(51, 1),
      reopen: ratio(0, 1),
      satisfaction: mean(3, 1),
      households_benefited: 200,
      done_day_unknown: 0,
    });
  });

  it('gives each responsible unit its row, the most overdue first and the unassigned last', async () => {
    const d = await dashboard(`area=${ids.district}`);
    expect(d.units.map((u) => u.unit?.name ?? null)).toEqual(['测试区城管局', '测试区住建局', null]);
    const [u1, u2, none] = d.units.map((u) => figures(u.measures));
    expect(u1).toEqual({
      total: 6,
      by_status: statuses({ verified: 2, completed: 2, in_progress: 1, assigned: 1 }),
      open: 2,
      overdue: 1,
      done: 4,
      on_time: ratio(2, 3),
      days_to_complete: mean(21, 4),
      reopen: ratio(2, 5),
      satisfaction: mean(12, 4),
      households_benefited: 270,
      done_day_unknown: 0,
    });
    expect(u2).toMatchObject({ total: 4, overdue: 1, on_time: ratio(2, 2), days_to_complete: mean(66, 2), reopen: ratio(1, 2), satisfaction: mean(9, 3), households_benefited: 500 });
    expect(none).toMatchObject({ total: 1, open: 1, overdue: 0, on_time: ratio(0, 0) });
  });

  it('lists what is overdue, most overdue first, with the days counted to today', async () => {
    const d = await dashboard(`area=${ids.district}`);
    expect(d.overdue.total).toBe(2);
    expect(d.overdue.items.map((i) => [i.id, i.days_overdue, i.unit?.name, i.area?.name])).toEqual([
      [p.P3, daysBetween(day(3), today), '测试区住建局', '西一社区'],
      [p.P8, daysBetween(day(6), today), '测试区城管局', '东街道'],
    ]);
    const [lon, lat] = AT.W1!;
    expect(d.overdue.items[0]!.bbox).toEqual([lon, lat, lon, lat]);
  });

  it('drills down to a street, whose communities are its rows', async () => {
    const d = await dashboard(`area=${ids.W}`);
    expect(d.path.map((a) => a.name)).toEqual(['测试区', '西街道']);
    expect(d.children.map((c) => [c.area.name, c.measures.total, c.measures.overdue])).toEqual([
      ['西一社区', 5, 1],
      ['西二社区', 3, 0],
    ]);
    expect(d.rest).toBeNull();
    const community = await dashboard(`area=${ids.W2}`);
    expect(community.children).toEqual([]);
    expect(community.totals).toMatchObject({ total: 3, reopen: ratio(1, 1), satisfaction: mean(6, 2) });
  });

  it('counts only the kinds asked for', async () => {
    const d = await dashboard(`area=${ids.district}&kind=drainage`);
    expect(d.kinds).toEqual(['drainage']);
    expect(figures(d.totals)).toMatchObject({ total: 3, open: 3, overdue: 2, done: 0, on_time: ratio(0, 0), reopen: ratio(1, 1), satisfaction: mean(1, 1), households_benefited: 0 });
    expect(d.totals.by_kind.streetlight).toEqual(statuses({}));
    const two = await dashboard(`area=${ids.district}&kind=charging,compound`);
    expect(two.totals.total).toBe(4);
  });

  it('draws twelve weeks of trend, ending with this one', async () => {
    const d = await dashboard(`area=${ids.district}`);
    expect(d.trend).toHaveLength(TREND_WEEKS);
    expect(d.trend.at(-1)).toMatchObject({ start: mondayOf(today), as_of: today });
    const w0 = d.trend.find((w) => w.start === S)!;
    expect(w0).toMatchObject({ end: day(6), as_of: day(6) });
    // W0: reported P2; assigned P2 (00:30 China time on Monday); completed P10; verified P1, P5, P10;
    // open at Sunday's end P2 (completed later), P3, P8; overdue then P2 (deadline S+5), P3 (S+3), not P8 (due that very Sunday).
    expect(w0).toMatchObject({ reported: 1, assigned: 1, completed: 1, verified: 3, open_at_end: 3, overdue_at_end: 2 });
    // This week: P7 and P11 reported, P11 round the loop today; at end (today) the same open and overdue as the dashboard.
    expect(d.trend.at(-1)).toMatchObject({ reported: 2, assigned: 1, completed: 1, verified: 1, open_at_end: 4, overdue_at_end: 2 });
  });
});

describe('the weekly summary (周通报)', () => {
  it('reports a past week by area and by unit, with what was overdue at its end', async () => {
    const w0 = weeksEndingWith(S, 1)[0]!;
    const r = await weekly(`week=${w0.week}&area=${ids.district}`);
    expect(r.week).toEqual({ week: w0.week, start: S, end: day(6), as_of: day(6) });
    expect(r.totals).toEqual({ reported: 1, assigned: 1, completed: 1, verified: 3, open_at_end: 3, overdue_at_end: 2 });
    expect(r.children.map((c) => [c.area.name, c.figures])).toEqual([
      ['东街道', { reported: 0, assigned: 0, completed: 0, verified: 0, open_at_end: 1, overdue_at_end: 0 }],
      ['西街道', { reported: 1, assigned: 1, completed: 0, verified: 2, open_at_end: 2, overdue_at_end: 2 }],
    ]);
    expect(r.rest).toEqual({ reported: 0, assigned: 0, completed: 1, verified: 1, open_at_end: 0, overdue_at_end: 0 });
    // The unassigned P7 did nothing in W0, so it has no row.
    expect(r.units.map((u) => [u.unit?.name, u.figures])).toEqual([
      ['测试区城管局', { reported: 1, assigned: 1, completed: 0, verified: 1, open_at_end: 2, overdue_at_end: 1 }],
      ['测试区住建局', { reported: 0, assigned: 0, completed: 1, verified: 2, open_at_end: 1, overdue_at_end: 1 }],
    ]);
    // Days overdue counted to that Sunday; P2 is listed although it was completed since.
    expect(r.overdue.items.map((i) => [i.id, i.status, i.days_overdue])).toEqual([
      [p.P3, 'in_progress', 3],
      [p.P2, 'completed', 1],
    ]);
  });

  it('counts as overdue at the end of a week the work cancelled since, if it was overdue then', async () => {
    const week = lastFullWeek(today);
    const before = await weekly(`week=${week.week}`);
    // Outside every area: a deadline three days before that Sunday, cancelled today.
    const { rows } = await sql(
      `INSERT INTO projects (kind, title, status, geom, reported_on, deadline)
       VALUES ('drainage', '测试撤销的逾期项目', 'cancelled', ST_SetSRID(ST_MakePoint(100.5, 10.5), 4326), $1, $2) RETURNING id`,
      [addDays(week.end, -10), addDays(week.end, -3)],
    );
    const id = rows[0].id as number;
    try {
      await sql(
        `INSERT INTO project_history (project_id, version, action, actor, at, from_status, to_status)
         VALUES ($1, 1, 'transition', 'test', now(), 'reported', 'cancelled')`,
        [id],
      );
      const after = await weekly(`week=${week.week}`);
      expect(after.overdue.total).toBe(before.overdue.total + 1);
      expect(after.totals.overdue_at_end).toBe(before.totals.overdue_at_end + 1);
      expect(after.totals.open_at_end).toBe(before.totals.open_at_end + 1);
    } finally {
      await sql('UPDATE projects SET deleted_at = now() WHERE id = $1', [id]);
    }
  });

  it('defaults to the last full week', async () => {
    const r = await weekly(`area=${ids.district}`);
    expect(r.week.start).toBe(addDays(mondayOf(today), -7));
  });

  it('downloads as CSV for Excel: BOM, CRLF, Chinese headers, a Chinese file name, no formulas', async () => {
    const w0 = weeksEndingWith(S, 1)[0]!;
    const response = await leader.inject(`/api/reports/weekly?week=${w0.week}&area=${ids.district}&format=csv`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const disposition = String(response.headers['content-disposition']);
    expect(disposition).toContain(`filename="weekly-report-${w0.week}.csv"`);
    const utf8Name = /filename\*=UTF-8''(.+)$/.exec(disposition)![1]!;
    expect(decodeURIComponent(utf8Name)).toBe(`民生实事周通报_测试区_${w0.week}.csv`);

    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(`民生实事周通报 测试区 ${w0.week}(${S} 至 ${day(6)})`);
    expect(lines).toContain('街道/乡镇,本周新增,本周交办,本周完成,本周销号,周末在办,周末逾期');
    expect(lines).toContain('西街道,1,1,0,2,2,2');
    expect(lines).toContain('未落入下级区域,0,0,1,1,0,0');
    expect(lines).toContain('合计,1,1,1,3,3,2');
    expect(lines).toContain('责任单位,本周新增,本周交办,本周完成,本周销号,周末在办,周末逾期');
    expect(lines).toContain('序号,项目编号,项目名称,项目类型,当前状态,责任单位,所在区域,上报日期,完成时限,逾期天数');
    // The formula-looking titles are text now: a leading apostrophe, quotes doubled.
    expect(lines).toContain(`1,${p.P3},"'=HYPERLINK(""http://example.invalid"",""点我"")",下水道疏通,整改中,测试区住建局,西一社区,${day(-5)},${day(3)},3`);
    expect(lines).toContain(`2,${p.P2},'@西一路灯二,路灯维修,已完成,测试区城管局,西一社区,${day(0)},${day(5)},1`);
  });

  it('downloads as XLSX: the same rows as the CSV, one sheet a table, the header row frozen', async () => {
    const w0 = weeksEndingWith(S, 1)[0]!;
    const query = `week=${w0.week}&area=${ids.district}`;
    const csv = (await leader.inject(`/api/reports/weekly?${query}&format=csv`)).rawPayload.toString('utf8');
    const response = await leader.inject(`/api/reports/weekly?${query}&format=xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(String(response.headers['content-disposition']))![1]!)).toBe(`民生实事周通报_测试区_${w0.week}.xlsx`);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    // The CSV's sections: a title line, then the table's header and rows, until an empty line.
    const records = parseCsv(csv, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
    const sections = new Map<string, string[][]>();
    let current: string[][] | undefined;
    for (const record of records.slice(1)) {
      if (record.length === 1 && record[0] === '') current = undefined;
      else if (!current) sections.set(record[0]!, (current = []));
      else current.push(record);
    }
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '分区域', '分责任单位', '逾期清单']);
    const trimmed = (cells: string[]) => {
      const out = [...cells];
      while (out.length > 0 && out.at(-1) === '') out.pop();
      return out;
    };
    for (const sheet of workbook.worksheets) {
      const rows: string[][] = [];
      sheet.eachRow((row) => rows.push(trimmed(Array.from({ length: row.cellCount }, (_, i) => String(row.getCell(i + 1).value ?? '')))));
      expect(rows, sheet.name).toEqual(sections.get(sheet.name)!.map(trimmed));
      expect(sheet.views[0], sheet.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).font?.bold, sheet.name).toBe(true);
      expect(sheet.columns.every((c) => (c.width ?? 0) >= 8), sheet.name).toBe(true);
    }
    const overdue = workbook.getWorksheet('逾期清单')!;
    expect(overdue.getRow(2).getCell(3).value).toBe('\'=HYPERLINK("http://example.invalid","点我")');
    expect(overdue.getRow(2).getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(overdue.getRow(2).getCell(10).value).toBe(3);
  });
});

describe('who may read it', () => {
  const urls = () => [`/api/dashboard?area=${ids.district}`, `/api/reports/weekly?area=${ids.district}`, `/api/reports/weekly?area=${ids.district}&format=csv`, `/api/reports/weekly?area=${ids.district}&format=xlsx`];

  it('refuses the public with 401 and a responsible unit with 403', async () => {
    const unitUser = await loginAs(app, 'unit');
    for (const url of urls()) {
      const anonymous = await app.inject(url);
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
      const refused = await unitUser.inject(url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('lets leaders, planners and administrators read and export', async () => {
    for (const role of ['leader', 'planner', 'admin'] as const) {
      const session = await loginAs(app, role);
      for (const url of urls()) expect((await session.inject(url)).statusCode, `${role} ${url}`).toBe(200);
    }
  });
});

describe('bad requests name the parameter', () => {
  const cases: [string, string, string][] = [
    ['a week that does not exist', '/api/reports/weekly?week=2025-W53', '/week'],
    ['a week not written as an ISO week', '/api/reports/weekly?week=2026-11-16', '/week'],
    ['a week still to come', '/api/reports/weekly?week=2999-W01', '/week'],
    ['an unknown format', '/api/reports/weekly?format=pdf', '/format'],
    ['an area that does not exist', '/api/reports/weekly?area=99999999', '/area'],
    ['an area that is not a number', '/api/dashboard?area=石鼓区', '/area'],
    ['an area beyond the integer range', '/api/dashboard?area=9999999999', '/area'],
    ['an unknown kind', '/api/dashboard?kind=streetlight,ufo', '/kind'],
    ['an unknown parameter', '/api/dashboard?areas=1', '/areas'],
  ];
  it.each(cases)('%s', async (_what, url, field) => {
    const response = await leader.inject(url);
    expect(response.statusCode, response.body).toBe(400);
    const body = response.json<{ errors: { field: string; reason: string; reason_zh: string }[] }>();
    expect(body.errors.map((e) => e.field)).toContain(field);
    expect(body.errors.every((e) => e.reason.length > 0 && e.reason_zh.length > 0)).toBe(true);
  });
});

describe('the SQL agrees with the reference definitions on the demo data', () => {
  interface Row extends ProjectTimeline {
    id: number;
    area_id: number | null;
    unit_id: number | null;
    verified_on: IsoDate | null;
  }

  /** Every live project as the reference functions read it, its dates taken from the history in JavaScript. */
  async function everything() {
    const projects = (
      await sql(`SELECT id, kind, status, deadline, reported_on, completed_on, verified_on, households_benefited, reopen_count, area_id, unit_id
                   FROM projects WHERE deleted_at IS NULL`)
    ).rows as Row[];
    const history = (await sql(`SELECT project_id, to_status, at FROM project_history ORDER BY at`)).rows as { project_id: number; to_status: string; at: Date }[];
    const firstDay = (id: number, status: string) => {
      const h = history.find((r) => r.project_id === id && r.to_status === status);
      return h ? todayIn(TZ, h.at) : null;
    };
    for (const r of projects) {
      r.assigned_on = firstDay(r.id, 'assigned');
      r.closed_on =
        r.status === 'completed' || r.status === 'verified' ? (r.completed_on ?? r.reported_on) : r.status === 'cancelled' ? (firstDay(r.id, 'cancelled') ?? r.reported_on) : null;
    }
    const followUps = (await sql('SELECT project_id, satisfaction FROM project_follow_ups')).rows as { project_id: number; satisfaction: number }[];
    const areas = (await sql('SELECT id, parent_id FROM areas')).rows as { id: number; parent_id: number | null }[];
    return { projects, followUps, areas };
  }

  it('for every demo district and all of them together: totals, children, units, trend', { timeout: 120_000 }, async () => {
    const { projects, followUps, areas } = await everything();
    const parentOf = new Map(areas.map((a) => [a.id, a.parent_id]));
    const under = (areaId: number | null, root: number) => {
      for (let a = areaId; a !== null && a !== undefined; a = parentOf.get(a) ?? null) if (a === root) return true;
      return false;
    };
    const reference = (rows: Row[]) => {
      const ids = new Set(rows.map((r) => r.id));
      return measuresOf(rows, followUps.filter((f) => ids.has(f.project_id)).map((f) => f.satisfaction), today);
    };
    const demoDistricts = (await sql(`SELECT id FROM areas WHERE code IN ('430407', '430723', '421224', '411525', '150703') ORDER BY code`)).rows.map((r) => r.id as number);
    expect(demoDistricts).toHaveLength(5);

    // Open work's past deadlines not folded (migration 0017); folded up to ten
    // days ago, as the server folds them up to its today; and folded up to
    // sixty days ahead, so that today comes before the fold.
    await sql('UPDATE tally_settings SET overdue_folded_before = NULL');
    await sql('SELECT rebuild_project_tallies()');
    for (const foldedBefore of [null, addDays(today, -10), addDays(today, 60)]) {
      if (foldedBefore) expect(await foldOverdueTallies(app.db.pool, foldedBefore)).toBeGreaterThan(0);
      await expectReferenceFigures(foldedBefore);
    }
    const { rows } = await sql('SELECT tally_overdue_folded_before()::text AS d');
    expect(rows[0].d).toBe(addDays(today, 60));

    async function expectReferenceFigures(foldedBefore: IsoDate | null) {
      for (const areaId of [null, ...demoDistricts]) {
        const d = await dashboard(areaId === null ? '' : `area=${areaId}`);
        const inScope = areaId === null ? projects : projects.filter((r) => under(r.area_id, areaId));
        expect(figures(d.totals), `area ${areaId}, folded before ${foldedBefore}`).toEqual(figures(reference(inScope)));
        expect(d.totals.by_kind).toEqual(reference(inScope).by_kind);
        for (const child of d.children) {
          expect(figures(child.measures), `child ${child.area.id}`).toEqual(figures(reference(inScope.filter((r) => under(r.area_id, child.area.id)))));
        }
        for (const u of d.units) {
          expect(figures(u.measures), `unit ${u.unit?.id}`).toEqual(figures(reference(inScope.filter((r) => r.unit_id === (u.unit?.id ?? null)))));
        }
        expect(d.overdue.total, `area ${areaId}, folded before ${foldedBefore}`).toBe(reference(inScope).overdue);
        const weeks = weeksEndingWith(today, TREND_WEEKS);
        expect(d.trend.map(({ week: _w, start: _s, end: _e, as_of: _a, ...f }) => f)).toEqual(weeks.map((w) => weeklyFiguresOf(inScope, w, today)));
        expect(d.trend.map((w) => w.as_of)).toEqual(weeks.map((w) => asOfDate(w, today)));
      }
    }
  });

  it('has reopened projects, follow-ups and notes in the demo data to measure', async () => {
    const { rows } = await sql(
      `SELECT count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
              count(*) FILTER (WHERE status IN ('completed', 'verified') AND completion_note IS NULL)::int AS done_without_note,
              count(internal_note)::int AS internal_notes,
              (SELECT count(*) FROM project_follow_ups f JOIN projects p2 ON p2.id = f.project_id WHERE p2.is_demo AND NOT f.satisfied AND f.satisfaction <= 2)::int AS unsatisfied,
              (SELECT count(*) FROM projects p3 WHERE p3.is_demo AND p3.status = 'verified'
                  AND NOT EXISTS (SELECT 1 FROM project_follow_ups f WHERE f.project_id = p3.id AND f.satisfied))::int AS verified_without_follow_up,
              (SELECT count(*) FROM project_history h JOIN projects p4 ON p4.id = h.project_id
                WHERE p4.is_demo AND h.from_status = 'completed' AND h.to_status = 'in_progress')::int AS reopen_steps
         FROM projects WHERE is_demo`,
    );
    const r = rows[0];
    expect(r.reopened).toBeGreaterThanOrEqual(5);
    expect(r.unsatisfied).toBe(r.reopened);
    expect(r.reopen_steps).toBe(r.reopened);
    expect(r.done_without_note).toBe(0);
    expect(r.verified_without_follow_up).toBe(0);
    expect(r.internal_notes).toBeGreaterThan(10);
  });
});
