import type pg from 'pg';
import {
  asOfDate,
  OVERDUE_LIST_LIMIT,
  ratioOf,
  TREND_WEEKS,
  weeksEndingWith,
  zeroStatusCounts,
  type AreaRef,
  type Dashboard,
  type Measures,
  type OverdueItem,
  type StatusCounts,
  type UnitRef,
  type WeeklyFigures,
  type WeeklyReport,
  type WeekSpan,
} from '../domain/dashboard.js';
import { daysBetween, type IsoDate } from '../domain/dates.js';
import { KIND_CODES, type KindCode } from '../domain/kinds/index.js';
import { deadlineStanding } from '../domain/status.js';
import {
  areaPath,
  childAreas,
  dashboardMeasures,
  dashboardStatusCounts,
  overdueOn,
  overdueToday,
  unitsByIds,
  weeklyFigures,
  type Group,
  type MeasureRow,
  type OverdueRow,
  type Scope,
  type StatusCountRow,
  type WeeklyRow,
} from '../queries/dashboard.js';

/**
 * Puts the dashboard and the weekly summary together from the named queries:
 * names for the ids, zeros for the groups with nothing in them, the order
 * a leader reads them in.
 */

export interface DashboardRequest {
  areaId: number | null;
  /** null: every kind. */
  kinds: KindCode[] | null;
  today: IsoDate;
  timeZone: string;
}

/** Who a grouped row belongs to: everything, a child area (null: in none), or a unit (null: unassigned). */
const keyOf = (r: { group: Group; child: number | null; unit_id: number | null }) =>
  r.group === 'total' ? 'total' : r.group === 'child' ? `child:${r.child ?? 'none'}` : `unit:${r.unit_id ?? 'none'}`;
const TOTAL = 'total';
const childKey = (id: number | null) => `child:${id ?? 'none'}`;
const unitKey = (id: number | null) => `unit:${id ?? 'none'}`;

function emptyMeasureRow(): Omit<MeasureRow, 'group' | 'child' | 'unit_id'> {
  return {
    total: 0,
    open: 0,
    overdue: 0,
    done: 0,
    on_time: 0,
    on_time_of: 0,
    days_mean: null,
    days_count: 0,
    reopened: 0,
    ever_completed: 0,
    satisfaction_mean: null,
    follow_ups: 0,
    households_benefited: 0,
  };
}

function measuresFrom(row: Omit<MeasureRow, 'group' | 'child' | 'unit_id'> | undefined, counts: readonly StatusCountRow[]): Measures {
  const r = row ?? emptyMeasureRow();
  const byStatus = zeroStatusCounts();
  const byKind = Object.fromEntries(KIND_CODES.map((k) => [k, zeroStatusCounts()])) as Record<KindCode, StatusCounts>;
  for (const c of counts) {
    byStatus[c.status] += c.n;
    byKind[c.kind as KindCode][c.status] += c.n;
  }
  return {
    total: r.total,
    by_status: byStatus,
    by_kind: byKind,
    open: r.open,
    overdue: r.overdue,
    done: r.done,
    on_time: ratioOf(r.on_time, r.on_time_of),
    days_to_complete: { mean: r.days_mean, count: r.days_count },
    reopen: ratioOf(r.reopened, r.ever_completed),
    satisfaction: { mean: r.satisfaction_mean, count: r.follow_ups },
    households_benefited: r.households_benefited,
    // Done projects with a completion date are the ones days_count counts (migration 0011).
    done_day_unknown: r.done - r.days_count,
  };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  return groups;
}

async function unitRefs(db: pg.Pool, ids: readonly (number | null)[]): Promise<Map<number, UnitRef>> {
  const known = ids.filter((id): id is number => id !== null);
  return new Map((await unitsByIds(db, known)).map((u) => [u.id, u]));
}

function overdueItem(row: OverdueRow, daysOverdue: number): OverdueItem {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind as KindCode,
    status: row.status,
    unit: row.unit_id === null ? null : { id: row.unit_id, name: row.unit_name ?? '', name_en: row.unit_name_en },
    area: row.area_id === null ? null : { id: row.area_id, name: row.area_name ?? '', name_en: row.area_name_en ?? '', level: row.area_level ?? 'community' },
    reported_on: row.reported_on,
    deadline: row.deadline,
    days_overdue: daysOverdue,
    bbox: row.bbox,
  };
}

const scopeOf = (r: DashboardRequest): Scope => ({ areaId: r.areaId, kinds: r.kinds });

/** The area (null: all districts), its breadcrumb from the district down, and the areas one level below. */
async function areaFrame(db: pg.Pool, areaId: number | null): Promise<{ area: AreaRef | null; path: AreaRef[]; children: AreaRef[] }> {
  const path = areaId === null ? [] : await areaPath(db, areaId);
  return { area: path.at(-1) ?? null, path, children: await childAreas(db, areaId) };
}

/**
 * The leader dashboard of an area (null: all districts). Its statements do
 * not depend on one another (the units' names but on the measures), so they
 * are asked at once: on PostgreSQL each takes a pooled connection and the
 * dashboard waits for the slowest rather than their sum; the embedded
 * database runs them one after another, as it would anyway.
 */
export async function dashboardOf(db: pg.Pool, request: DashboardRequest): Promise<Dashboard> {
  const scope = scopeOf(request);
  const weeks = weeksEndingWith(request.today, TREND_WEEKS).map((w) => ({ ...w, as_of: asOfDate(w, request.today) }));
  const measured = dashboardMeasures(db, scope, request.today).then(async (rows) => {
    const byKey = new Map(rows.map((r) => [keyOf(r), r]));
    const unitRows = rows.filter((r) => r.group === 'unit');
    return { byKey, unitRows, units: await unitRefs(db, unitRows.map((r) => r.unit_id)) };
  });
  const [frame, { byKey: measureRows, unitRows, units }, countRows, overdue, trend] = await Promise.all([
    areaFrame(db, request.areaId),
    measured,
    dashboardStatusCounts(db, scope),
    overdueToday(db, scope, request.today, OVERDUE_LIST_LIMIT),
    weeklyFigures(db, scope, weeks, request.timeZone, { byGroup: false }),
  ]);
  const counts = groupBy(countRows, keyOf);
  const measures = (key: string) => measuresFrom(measureRows.get(key), counts.get(key) ?? []);
  const rest = measureRows.get(childKey(null));
  const trendByStart = new Map(trend.map((r) => [r.start, r]));

  return {
    today: request.today,
    area: frame.area,
    path: frame.path,
    kinds: request.kinds ?? KIND_CODES,
    totals: measures(TOTAL),
    children: frame.children.map((area) => ({ area, measures: measures(childKey(area.id)) })),
    rest: rest && frame.children.length > 0 ? measures(childKey(null)) : null,
    units: unitRows
      .map((r) => ({ unit: r.unit_id === null ? null : (units.get(r.unit_id) ?? null), measures: measures(unitKey(r.unit_id)) }))
      .sort(byWorstUnit((u) => [u.measures.overdue, u.measures.total], (u) => u.unit?.name ?? null)),
    overdue: {
      total: measureRows.get(TOTAL)?.overdue ?? 0,
      items: overdue.map((row) => overdueItem(row, deadlineStanding(row, request.today).days_overdue ?? 0)),
    },
    trend: weeks.map((w) => ({ week: w.week, start: w.start, end: w.end, as_of: w.as_of, ...figuresFrom(trendByStart.get(w.start)) })),
  };
}

/** Units with the most overdue (then most) work first, unassigned last; by name within a tie. */
function byWorstUnit<T>(figures: (row: T) => number[], name: (row: T) => string | null) {
  return (a: T, b: T): number => {
    const [na, nb] = [name(a), name(b)];
    if ((na === null) !== (nb === null)) return na === null ? 1 : -1;
    const [fa, fb] = [figures(a), figures(b)];
    for (let i = 0; i < fa.length; i++) if (fa[i] !== fb[i]) return fb[i]! - fa[i]!;
    return (na ?? '').localeCompare(nb ?? '', 'zh-CN');
  };
}

function figuresFrom(row: WeeklyRow | undefined): WeeklyFigures {
  return {
    reported: row?.reported ?? 0,
    assigned: row?.assigned ?? 0,
    completed: row?.completed ?? 0,
    verified: row?.verified ?? 0,
    open_at_end: row?.open_at_end ?? 0,
    overdue_at_end: row?.overdue_at_end ?? 0,
  };
}

/** The weekly summary (周通报) of one week for an area; its statements asked at once, as the dashboard's. */
export async function weeklyReportOf(db: pg.Pool, request: DashboardRequest, week: WeekSpan): Promise<WeeklyReport> {
  const scope = scopeOf(request);
  const asOf = asOfDate(week, request.today);
  const counted = weeklyFigures(db, scope, [{ ...week, as_of: asOf }], request.timeZone, { byGroup: true }).then(async (figures) => {
    const unitRows = figures.filter((r) => r.group === 'unit');
    return { rows: new Map(figures.map((r) => [keyOf(r), r])), unitRows, units: await unitRefs(db, unitRows.map((r) => r.unit_id)) };
  });
  const [frame, { rows, unitRows, units }, overdue] = await Promise.all([
    areaFrame(db, request.areaId),
    counted,
    overdueOn(db, scope, asOf, OVERDUE_LIST_LIMIT, request.timeZone),
  ]);
  const rest = rows.get(childKey(null));

  return {
    today: request.today,
    week: { ...week, as_of: asOf },
    area: frame.area,
    path: frame.path,
    kinds: request.kinds ?? KIND_CODES,
    totals: figuresFrom(rows.get(TOTAL)),
    children: frame.children.map((area) => ({ area, figures: figuresFrom(rows.get(childKey(area.id))) })),
    rest: rest && frame.children.length > 0 ? figuresFrom(rest) : null,
    units: unitRows
      .map((r) => ({ unit: r.unit_id === null ? null : (units.get(r.unit_id) ?? null), figures: figuresFrom(r) }))
      .sort(byWorstUnit((u) => [u.figures.overdue_at_end, u.figures.open_at_end, u.figures.completed], (u) => u.unit?.name ?? null)),
    overdue: { total: rows.get(TOTAL)?.overdue_at_end ?? 0, items: overdue.map((row) => overdueItem(row, daysBetween(row.deadline, asOf))) },
  };
}
