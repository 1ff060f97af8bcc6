import { Type, type Static } from 'typebox';
import { addDays, daysBetween, type IsoDate } from './dates.js';
import { KIND_CODES, type KindCode } from './kinds/index.js';
import { DONE_STATUSES, isOpen, isOverdue, STATUSES, type Status } from './status.js';
import type { Bilingual } from './text.js';

/**
 * The leader dashboard and the weekly summary (周通报): what each figure means,
 * written once. The SQL in queries/dashboard.ts computes the same figures for
 * many projects at once; the functions here are the reference it is tested
 * against, and the definitions are what the client shows as help.
 */

// ---------------------------------------------------------------------------
// Weeks: ISO 8601, Monday to Sunday. Dates are calendar dates in the districts'
// time zone (app.today()), so a week needs no time zone of its own.
// ---------------------------------------------------------------------------

/** '2026-W47': the ISO week-numbering year and the week within it. */
export type IsoWeek = string;

export const ISO_WEEK_PATTERN = '^\\d{4}-W\\d{2}$';
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/** 0 for Monday … 6 for Sunday. */
function weekdayIndex(date: IsoDate): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

export function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, -weekdayIndex(date));
}

/** The ISO week a date falls in: the week's Thursday decides the year. */
export function isoWeekOf(date: IsoDate): IsoWeek {
  const thursday = addDays(date, 3 - weekdayIndex(date));
  const year = thursday.slice(0, 4);
  // Week 1 is the week with 4 January in it.
  const week = daysBetween(mondayOf(`${year}-01-04`), mondayOf(date)) / 7 + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** 52 or 53: 28 December always lies in the last week of its year. */
export function weeksInYear(year: number): number {
  return Number(isoWeekOf(`${String(year).padStart(4, '0')}-12-28`).slice(6));
}

export interface WeekSpan {
  week: IsoWeek;
  /** Monday. */
  start: IsoDate;
  /** Sunday. */
  end: IsoDate;
}

/** The Monday and Sunday of a week written '2026-W47'; undefined when there is no such week. */
export function parseIsoWeek(text: string): WeekSpan | undefined {
  const m = ISO_WEEK.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < 1900 || year > 9999 || week < 1 || week > weeksInYear(year)) return undefined;
  const start = addDays(mondayOf(`${m[1]}-01-04`), (week - 1) * 7);
  return { week: text, start, end: addDays(start, 6) };
}

export function weekContaining(date: IsoDate): WeekSpan {
  const start = mondayOf(date);
  return { week: isoWeekOf(date), start, end: addDays(start, 6) };
}

/** The `count` weeks up to and including the one holding `today`, oldest first. */
export function weeksEndingWith(today: IsoDate, count: number): WeekSpan[] {
  const current = mondayOf(today);
  return Array.from({ length: count }, (_, i) => weekContaining(addDays(current, -7 * (count - 1 - i))));
}

/** The last week that has ended by `today`: what a weekly summary reports by default. */
export function lastFullWeek(today: IsoDate): WeekSpan {
  return weekContaining(addDays(mondayOf(today), -7));
}

/** A week's figures "at week end" are as of its Sunday, or as of today while the week is still running. */
export function asOfDate(week: WeekSpan, today: IsoDate): IsoDate {
  return week.end < today ? week.end : today;
}

// ---------------------------------------------------------------------------
// The measures.
// ---------------------------------------------------------------------------

export interface MeasureDefinition {
  name: Bilingual;
  /** Exactly what is counted, in words a leader reads as help. */
  definition: Bilingual;
}

/** The figures of the dashboard, for an area (and everything below it) or a responsible unit. */
export const DASHBOARD_MEASURES = {
  total: {
    name: { zh: '项目总数', en: 'Projects' },
    definition: { zh: '区域内(含下级区域)未删除的项目,含已撤销的', en: 'projects in the area and the areas below it, cancelled ones included; deleted ones are not' },
  },
  open: {
    name: { zh: '在办', en: 'Open' },
    definition: { zh: '状态为已上报、已交办或整改中的项目', en: 'projects reported, assigned or in progress' },
  },
  overdue: {
    name: { zh: '逾期', en: 'Overdue' },
    definition: {
      zh: '在办且完成时限早于今天的项目(时限当天仍算按期);逾期天数 = 今天 − 完成时限',
      en: 'open projects whose deadline is before today (the deadline day itself is on time); days overdue = today − deadline',
    },
  },
  done: {
    name: { zh: '已完成', en: 'Done' },
    definition: { zh: '状态为已完成或已回访销号的项目', en: 'projects completed or verified' },
  },
  on_time: {
    name: { zh: '按期完成率', en: 'On-time rate' },
    definition: {
      zh: '已完成(含已销号)且完成日期不晚于完成时限的项目 ÷ 已完成(含已销号)、有完成时限且有完成日期的项目;完成日期未知的(如台账未填完成时间)不计入,另列其数',
      en: 'completed or verified projects finished on or before their deadline ÷ completed or verified projects that have a deadline and a completion date; those completed on an unknown day (a ledger without the day) are left out, and counted apart',
    },
  },
  days_to_complete: {
    name: { zh: '平均办结天数', en: 'Mean days to complete' },
    definition: {
      zh: '已完成(含已销号)项目的 完成日期 − 上报日期 的平均值(天)',
      en: 'mean of completion date − report date over completed or verified projects, in days',
    },
  },
  reopen: {
    name: { zh: '返工率', en: 'Reopen rate' },
    definition: {
      zh: '回访不满意被退回整改过(返工次数 > 0)的项目 ÷ 曾经整改完成的项目(现为已完成或已销号,或被退回过)',
      en: 'projects sent back after an unsatisfied follow-up (reopened at least once) ÷ projects that ever reached completed (completed or verified now, or reopened)',
    },
  },
  satisfaction: {
    name: { zh: '群众满意度', en: 'Mean satisfaction' },
    definition: {
      zh: '区域内项目全部回访记录的满意度平均值(1 非常不满意 … 5 非常满意),含退回整改的回访',
      en: 'mean satisfaction of all follow-ups with residents on these projects (1 very unsatisfied … 5 very satisfied), reopening ones included',
    },
  },
  households_benefited: {
    name: { zh: '受益户数', en: 'Households benefited' },
    definition: { zh: '已完成(含已销号)项目的受益户数之和', en: 'sum of households benefited over completed or verified projects' },
  },
} as const satisfies Record<string, MeasureDefinition>;

/** The figures of a week, in the order reports show them. */
export const WEEKLY_MEASURE_KEYS = ['reported', 'assigned', 'completed', 'verified', 'open_at_end', 'overdue_at_end'] as const;
export type WeeklyMeasure = (typeof WEEKLY_MEASURE_KEYS)[number];

/** The figures of a week: the weekly trend and the weekly summary (周通报). */
export const WEEKLY_MEASURES = {
  reported: {
    name: { zh: '本周新增', en: 'New' },
    definition: { zh: '上报日期在本周(周一至周日)的项目', en: 'projects whose report date falls in the week (Monday to Sunday)' },
  },
  assigned: {
    name: { zh: '本周交办', en: 'Assigned' },
    definition: { zh: '办理记录中交办(转为已交办)的日期在本周的项目', en: 'projects whose record shows them assigned (moved to assigned) during the week' },
  },
  completed: {
    name: { zh: '本周完成', en: 'Completed' },
    definition: {
      zh: '完成日期在本周的项目(被退回整改的项目以再次完成的日期为准)',
      en: 'projects whose completion date falls in the week (a reopened project counts when it is completed again)',
    },
  },
  verified: {
    name: { zh: '本周销号', en: 'Verified' },
    definition: { zh: '回访销号日期在本周的项目', en: 'projects whose verification date falls in the week' },
  },
  open_at_end: {
    name: { zh: '周末在办', en: 'Open at week end' },
    definition: {
      zh: '截至周日(本周未过完则截至今天)已上报、尚未完成也未撤销的项目',
      en: 'projects reported and neither completed nor cancelled by Sunday (by today while the week is still running)',
    },
  },
  overdue_at_end: {
    name: { zh: '周末逾期', en: 'Overdue at week end' },
    definition: {
      zh: '周末在办且完成时限早于该日的项目;逾期天数按该日计',
      en: 'projects open at week end whose deadline is before that day; days overdue are counted to that day',
    },
  },
} as const satisfies Record<WeeklyMeasure, MeasureDefinition>;

export type DashboardMeasure = keyof typeof DASHBOARD_MEASURES;

/** How many weeks the dashboard's trend shows. */
export const TREND_WEEKS = 12;

/** The overdue list is bounded per request; the total says how many there are. */
export const OVERDUE_LIST_LIMIT = 500;

/** A ratio with what it is made of; null when there is nothing to divide by (unknown, not 0). */
export interface Ratio {
  numerator: number;
  denominator: number;
  ratio: number | null;
}

export function ratioOf(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, ratio: denominator === 0 ? null : numerator / denominator };
}

/** What the measures read of one project. */
export interface ProjectFacts {
  kind: string;
  status: Status;
  deadline: IsoDate | null;
  reported_on: IsoDate;
  completed_on: IsoDate | null;
  households_benefited: number | null;
  reopen_count: number;
}

const isDone = (status: Status) => DONE_STATUSES.includes(status);

/** Has the project ever been completed? The loop leaves completed only to verified or, reopened, back to work. */
export function everCompleted(p: Pick<ProjectFacts, 'status' | 'reopen_count'>): boolean {
  return isDone(p.status) || p.reopen_count > 0;
}

/** Counted in the on-time rate: done, with a deadline and a completion date to compare. */
export function hasOnTimeVerdict(p: ProjectFacts): boolean {
  return isDone(p.status) && p.deadline !== null && p.completed_on !== null;
}

export function completedOnTime(p: ProjectFacts): boolean {
  return hasOnTimeVerdict(p) && p.completed_on! <= p.deadline!;
}

export type StatusCounts = Record<Status, number>;

export function zeroStatusCounts(): StatusCounts {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/**
 * The reference computation of every measure over some projects and the
 * satisfaction scores of their follow-ups. Slow and obvious on purpose.
 */
export function measuresOf(projects: readonly ProjectFacts[], satisfactions: readonly number[], today: IsoDate): Measures {
  const byStatus = zeroStatusCounts();
  const byKind = Object.fromEntries(KIND_CODES.map((k) => [k, zeroStatusCounts()])) as Measures['by_kind'];
  for (const p of projects) {
    byStatus[p.status] += 1;
    byKind[p.kind as KindCode][p.status] += 1;
  }
  const done = projects.filter((p) => isDone(p.status));
  const timed = projects.filter(hasOnTimeVerdict);
  const finished = done.filter((p) => p.completed_on !== null);
  const days = finished.map((p) => daysBetween(p.reported_on, p.completed_on!));
  const mean = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    total: projects.length,
    by_status: byStatus,
    by_kind: byKind,
    open: projects.filter((p) => isOpen(p.status)).length,
    overdue: projects.filter((p) => isOverdue(p, today)).length,
    done: done.length,
    on_time: ratioOf(timed.filter(completedOnTime).length, timed.length),
    days_to_complete: { mean: mean(days), count: days.length },
    reopen: ratioOf(projects.filter((p) => p.reopen_count > 0).length, projects.filter(everCompleted).length),
    satisfaction: { mean: mean(satisfactions), count: satisfactions.length },
    households_benefited: done.reduce((sum, p) => sum + (p.households_benefited ?? 0), 0),
    done_day_unknown: done.length - finished.length,
  };
}

/** What the weekly figures read of one project, beyond its facts. */
export interface ProjectTimeline extends ProjectFacts {
  /** The first day the record shows it assigned, if ever. */
  assigned_on: IsoDate | null;
  /**
   * The day it stopped being open, null while open: its completion date (done without one: its report date),
   * or the day the record shows it cancelled (no record of when: its report date).
   */
  closed_on: IsoDate | null;
}

const within = (date: IsoDate | null, week: WeekSpan) => date !== null && week.start <= date && date <= week.end;

/** Open on `date`: reported by then, and not yet completed or cancelled. */
export function openOn(p: ProjectTimeline, date: IsoDate): boolean {
  return p.reported_on <= date && (p.closed_on === null || p.closed_on > date);
}

export type WeeklyFigures = Record<WeeklyMeasure, number>;

/** The reference computation of a week's figures, as of its Sunday or (while it runs) today. */
export function weeklyFiguresOf(projects: readonly (ProjectTimeline & { verified_on: IsoDate | null })[], week: WeekSpan, today: IsoDate): WeeklyFigures {
  const asOf = asOfDate(week, today);
  const open = projects.filter((p) => openOn(p, asOf));
  return {
    reported: projects.filter((p) => within(p.reported_on, week)).length,
    assigned: projects.filter((p) => within(p.assigned_on, week)).length,
    completed: projects.filter((p) => within(p.completed_on, week)).length,
    verified: projects.filter((p) => within(p.verified_on, week)).length,
    open_at_end: open.length,
    overdue_at_end: open.filter((p) => p.deadline !== null && p.deadline < asOf).length,
  };
}

// ---------------------------------------------------------------------------
// The API's answers, as schemas: they validate nothing coming in, but
// serialise what goes out, document it, and give the client its types.
// ---------------------------------------------------------------------------

const Count = Type.Integer({ minimum: 0 });
const StatusCountsSchema = Type.Record(Type.Enum(STATUSES), Count);
const RatioSchema = Type.Object({
  numerator: Count,
  denominator: Count,
  ratio: Type.Union([Type.Number(), Type.Null()], { description: 'null when the denominator is 0' }),
});
const MeanSchema = Type.Object({ mean: Type.Union([Type.Number(), Type.Null()]), count: Count });

export const MeasuresSchema = Type.Object({
  total: Count,
  by_status: StatusCountsSchema,
  // KIND_CODES is a list, not a tuple: say which keys the record has, for the type.
  by_kind: Type.Unsafe<Record<KindCode, StatusCounts>>(Type.Record(Type.Enum(KIND_CODES), StatusCountsSchema, { description: 'kind → status → projects; every kind, zeros included' })),
  open: Count,
  overdue: Count,
  done: Count,
  on_time: RatioSchema,
  days_to_complete: MeanSchema,
  reopen: RatioSchema,
  satisfaction: MeanSchema,
  households_benefited: Count,
  /** Done without a completion date: left out of the on-time rate and the mean days to complete. */
  done_day_unknown: Count,
});

const AreaLevelSchema = Type.Enum(['district', 'street', 'community']);
export const AreaRefSchema = Type.Object({ id: Type.Integer(), name: Type.String(), name_en: Type.String(), level: AreaLevelSchema });
export const UnitRefSchema = Type.Object({ id: Type.Integer(), name: Type.String(), name_en: Type.Union([Type.String(), Type.Null()]) });

export const OverdueItemSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  kind: Type.Enum(KIND_CODES),
  status: Type.Enum(STATUSES),
  unit: Type.Union([UnitRefSchema, Type.Null()]),
  area: Type.Union([AreaRefSchema, Type.Null()]),
  reported_on: Type.String({ format: 'date' }),
  deadline: Type.String({ format: 'date' }),
  days_overdue: Type.Integer({ minimum: 1 }),
  bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: 'minLon, minLat, maxLon, maxLat: where to look on the map' }),
});

const WeekSchema = Type.Object({
  week: Type.String({ pattern: ISO_WEEK_PATTERN }),
  start: Type.String({ format: 'date' }),
  end: Type.String({ format: 'date' }),
  as_of: Type.String({ format: 'date', description: 'the day "at week end" figures are counted on: Sunday, or today while the week runs' }),
});

const WeeklyFiguresSchema = Type.Record(Type.Enum(WEEKLY_MEASURE_KEYS), Count);

export const DashboardSchema = Type.Object({
  today: Type.String({ format: 'date' }),
  area: Type.Union([AreaRefSchema, Type.Null()], { description: 'null: all districts' }),
  /** From the district down to the area itself, for a breadcrumb. */
  path: Type.Array(AreaRefSchema),
  kinds: Type.Array(Type.Enum(KIND_CODES), { description: 'the kinds counted; all when the request named none' }),
  totals: MeasuresSchema,
  children: Type.Array(Type.Object({ area: AreaRefSchema, measures: MeasuresSchema })),
  /** Projects in the area but in none of its children (or, for all districts, in no area). */
  rest: Type.Union([MeasuresSchema, Type.Null()]),
  units: Type.Array(Type.Object({ unit: Type.Union([UnitRefSchema, Type.Null()], { description: 'null: not yet assigned' }), measures: MeasuresSchema })),
  overdue: Type.Object({ total: Count, items: Type.Array(OverdueItemSchema) }),
  trend: Type.Array(Type.Evaluate(Type.Intersect([WeekSchema, WeeklyFiguresSchema]))),
});
export type Measures = Static<typeof MeasuresSchema>;
export type Dashboard = Static<typeof DashboardSchema>;
export type OverdueItem = Static<typeof OverdueItemSchema>;
export type AreaRef = Static<typeof AreaRefSchema>;
export type UnitRef = Static<typeof UnitRefSchema>;

export const WeeklyReportSchema = Type.Object({
  today: Type.String({ format: 'date' }),
  week: WeekSchema,
  area: Type.Union([AreaRefSchema, Type.Null()]),
  path: Type.Array(AreaRefSchema),
  kinds: Type.Array(Type.Enum(KIND_CODES)),
  totals: WeeklyFiguresSchema,
  children: Type.Array(Type.Object({ area: AreaRefSchema, figures: WeeklyFiguresSchema })),
  rest: Type.Union([WeeklyFiguresSchema, Type.Null()]),
  units: Type.Array(Type.Object({ unit: Type.Union([UnitRefSchema, Type.Null()]), figures: WeeklyFiguresSchema })),
  overdue: Type.Object({ total: Count, items: Type.Array(OverdueItemSchema) }),
});
export type WeeklyReport = Static<typeof WeeklyReportSchema>;

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

