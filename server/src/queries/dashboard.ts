import type pg from 'pg';
import { addDays, type IsoDate } from '../domain/dates.js';
import type { WeekSpan } from '../domain/dashboard.js';
import { DONE_STATUSES, OPEN_STATUSES, type Status } from '../domain/status.js';
import { SqlParams, type Placeholder } from './sqlParams.js';

/**
 * The dashboard's SQL. Every figure is defined in domain/dashboard.ts; these
 * statements compute the same figures for a whole area in one pass, and
 * tests/api/dashboard.test.ts checks them against the reference functions there.
 */

/** Which projects a figure counts: an area and all below it (null: everything), and some kinds (null: all). */
export interface Scope {
  areaId: number | null;
  kinds: readonly string[] | null;
}

/** The placeholders of a scope's area id (or null) and kinds (or null), added first to every statement here. */
interface ScopeParams {
  area: Placeholder;
  kinds: Placeholder;
}

function addScope(p: SqlParams, scope: Scope): ScopeParams {
  return { area: p.add(scope.areaId), kinds: p.add(scope.kinds) };
}

/** What the measures read of a project. */
const PROJECT_FACTS = `p.id, p.kind, p.status, p.unit_id, p.deadline, p.reported_on, p.completed_on, p.verified_on,
  p.households_benefited, p.reopen_count, p.area_id`;

/**
 * `children`: each area below the chosen one, tagged with the child of the
 * chosen area it lies under (`child`); for all districts, the districts.
 * `tree`: those areas and the chosen one itself (with child null).
 * Use after WITH RECURSIVE.
 */
const areaTree = ({ area }: ScopeParams) => `
  children AS (
    SELECT a.id, a.id AS child FROM areas a
     WHERE (${area}::integer IS NULL AND a.parent_id IS NULL) OR a.parent_id = ${area}::integer
    UNION ALL
    SELECT a.id, c.child FROM areas a JOIN children c ON a.parent_id = c.id
  ),
  tree AS (
    SELECT id, child FROM children
    UNION ALL
    SELECT ${area}::integer, NULL::integer WHERE ${area}::integer IS NOT NULL
  )`;

/** Of a project or tally row `alias`: of the scope's kinds (null: any). */
const ofKinds = ({ kinds }: ScopeParams, alias = 'p') => `(${kinds}::text[] IS NULL OR ${alias}.kind = ANY (${kinds}::text[]))`;

/**
 * Of a project `p`: in an area of `tree` (areaTree). An array the planner
 * can see the size of, so it reads the area index, not every project.
 */
const IN_TREE = 'p.area_id = ANY ((SELECT array_agg(id) FROM tree)::integer[])';

/**
 * `scoped`: the live projects in scope, with the `child` they lie under
 * (null when the project lies in the chosen area itself, or in no area at
 * all). For an area the projects are found through the area index, not by
 * reading every project; of the two branches, `area IS NULL` lets the planner
 * drop one.
 */
const scopedProjects = (s: ScopeParams) => `${areaTree(s)},
  scoped AS (
    SELECT ${PROJECT_FACTS}, t.child
      FROM projects p
      JOIN tree t ON t.id = p.area_id
     WHERE ${s.area}::integer IS NOT NULL AND p.deleted_at IS NULL AND ${ofKinds(s)} AND ${IN_TREE}
    UNION ALL
    SELECT ${PROJECT_FACTS}, c.child
      FROM projects p
      LEFT JOIN children c ON c.id = p.area_id
     WHERE ${s.area}::integer IS NULL AND p.deleted_at IS NULL AND ${ofKinds(s)}
  )`;

/**
 * The rows of `kept` (tally rows: area_id, kind, …) in scope, with the
 * `child` they lie under as in `scoped`: for all districts every row (in no
 * area: child null), for an area those in its tree. One branch, not one per
 * case: `kept`, read once, is not materialized. Without `withChild`, child
 * is null and the rows are not joined to the tree at all (for all districts
 * the join only sorted the prefecture's 27,000 day rows of 12 weeks to drop
 * none of them). Needs `tree` (areaTree).
 */
const keptInScope = (s: ScopeParams, kept: string, withChild: boolean) =>
  withChild
    ? `
    SELECT k.*, t.child FROM ${kept} k LEFT JOIN tree t ON t.id = k.area_id
     WHERE (${s.area}::integer IS NULL OR t.id IS NOT NULL) AND ${ofKinds(s, 'k')}`
    : `
    SELECT k.*, NULL::integer AS child FROM ${kept} k
     WHERE (${s.area}::integer IS NULL OR k.area_id IN (SELECT id FROM tree)) AND ${ofKinds(s, 'k')}`;

/** The columns a tally row sums (migration 0011). */
const TALLY_SUMS = ['projects', 'on_time', 'on_time_of', 'days_sum', 'days_count', 'reopened', 'households', 'follow_up_score', 'follow_ups'] as const;
type TallySum = (typeof TALLY_SUMS)[number];

/** The domain's status lists as SQL literals (constants, never user input). */
const list = (statuses: readonly Status[]) => `(${statuses.map((s) => `'${s}'`).join(', ')})`;
const DONE = list(DONE_STATUSES);
const OPEN = list(OPEN_STATUSES);

/** The kept tally rows (migration 0011) and the changes not yet folded in. */
const KEPT_TALLIES = '(SELECT * FROM project_tallies UNION ALL SELECT * FROM project_tally_changes)';

/**
 * The kept tally rows, each with `overdue`: open work whose deadline is
 * before the day `today` (an SQL date). Deadlines before the fold day are
 * kept as -infinity (migration 0017); for a day before the fold, the open
 * projects whose deadline lies from that day to the fold are taken back out
 * of the -infinity rows (as not overdue) through projects_open_deadline_idx.
 * For today or later there are none, and the index scan finds none.
 */
const talliesOverdueOn = (today: string) => `(
  -- tally_deadline_kept(deadline, fold) < today, with the fold read once.
  SELECT k.*, k.deadline < greatest((SELECT tally_overdue_folded_before()), ${today}) AS overdue
    FROM ${KEPT_TALLIES} k
  UNION ALL
  SELECT p.area_id, p.unit_id, p.kind, p.status, NULL::date, back.projects, 0, 0, 0, 0, 0, 0, 0, 0, back.overdue
    FROM projects p CROSS JOIN (VALUES (1, false), (-1, true)) back(projects, overdue)
   WHERE p.deleted_at IS NULL AND p.status IN ${OPEN}
     AND p.deadline >= ${today} AND p.deadline < tally_overdue_folded_before())`;

/**
 * `tallies`: the sums kept per area, unit, kind, status (and deadline of open
 * work) in scope (migration 0011), with the changes not yet folded in,
 * summed again by area and by `by` (expressions of the tally row `k`, each
 * named), with the `child` their area lies under. Summed before the join to
 * the area tree, whose size PostgreSQL cannot foresee (an area's rows are
 * picked by a hashed lookup first): the figures then group a few thousand
 * rows, whatever the number of tally rows. `sums`: the columns summed (all
 * by default). `kept`: the tally rows read (KEPT_TALLIES or
 * talliesOverdueOn). Declares `tree` (areaTree) too.
 */
const talliesInScope = (scope: ScopeParams, by: readonly string[], sums: readonly TallySum[] = TALLY_SUMS, kept = KEPT_TALLIES) => `${areaTree(scope)},
  tallies AS (
    SELECT s.*, t.child
      FROM (SELECT k.area_id, ${by.join(', ')}, ${sums.map((c) => `sum(k.${c}) AS ${c}`).join(', ')}
              FROM ${kept} k
             WHERE (${scope.area}::integer IS NULL OR k.area_id IN (SELECT id FROM tree))
               AND ${ofKinds(scope, 'k')}
             GROUP BY ${[...by.keys(), by.length].map((i) => i + 1).join(', ')}) s
      LEFT JOIN tree t ON t.id = s.area_id
     WHERE ${scope.area}::integer IS NULL OR t.id IS NOT NULL
  )`;


/** Which group a row of a GROUPING SETS answer is: everything, one child area, or one unit. */
export type Group = 'total' | 'child' | 'unit';
/** grouping(child, unit_id): a bit is set for each column the row is NOT grouped by. */
const GROUP_OF_BITS: Record<number, Group> = { 3: 'total', 1: 'child', 2: 'unit' };

export interface MeasureRow {
  group: Group;
  child: number | null;
  unit_id: number | null;
  total: number;
  open: number;
  overdue: number;
  done: number;
  on_time: number;
  on_time_of: number;
  days_mean: number | null;
  days_count: number;
  reopened: number;
  ever_completed: number;
  satisfaction_mean: number | null;
  follow_ups: number;
  households_benefited: number;
}

/**
 * The dashboard's measures for everything in scope, for each child area and
 * for each unit, as of `today`: sums of the kept tallies. Each FILTER is the
 * SQL of one definition in domain/dashboard.ts (DASHBOARD_MEASURES); what a
 * project adds to each column is in migration 0011.
 */
export async function dashboardMeasures(db: pg.Pool | pg.PoolClient, scope: Scope, today: IsoDate): Promise<MeasureRow[]> {
  const p = new SqlParams();
  const s = addScope(p, scope);
  const { rows } = await db.query<MeasureRow & { g: number }>(
    `WITH RECURSIVE ${talliesInScope(s, ['k.unit_id', 'k.status', 'k.overdue'], TALLY_SUMS, talliesOverdueOn(`${p.add(today)}::date`))}
     SELECT grouping(t.child, t.unit_id)::integer AS g, t.child, t.unit_id,
            coalesce(sum(t.projects), 0)::integer AS total,
            coalesce(sum(t.projects) FILTER (WHERE t.status IN ${OPEN}), 0)::integer AS open,
            coalesce(sum(t.projects) FILTER (WHERE t.status IN ${OPEN} AND t.overdue), 0)::integer AS overdue,
            coalesce(sum(t.projects) FILTER (WHERE t.status IN ${DONE}), 0)::integer AS done,
            coalesce(sum(t.on_time) FILTER (WHERE t.status IN ${DONE}), 0)::integer AS on_time,
            coalesce(sum(t.on_time_of) FILTER (WHERE t.status IN ${DONE}), 0)::integer AS on_time_of,
            (sum(t.days_sum) FILTER (WHERE t.status IN ${DONE})::float8
              / NULLIF(sum(t.days_count) FILTER (WHERE t.status IN ${DONE}), 0))::float8 AS days_mean,
            coalesce(sum(t.days_count) FILTER (WHERE t.status IN ${DONE}), 0)::integer AS days_count,
            coalesce(sum(t.reopened), 0)::integer AS reopened,
            (coalesce(sum(t.projects) FILTER (WHERE t.status IN ${DONE}), 0)
              + coalesce(sum(t.reopened) FILTER (WHERE t.status NOT IN ${DONE}), 0))::integer AS ever_completed,
            (sum(t.follow_up_score)::float8 / NULLIF(sum(t.follow_ups), 0))::float8 AS satisfaction_mean,
            coalesce(sum(t.follow_ups), 0)::integer AS follow_ups,
            coalesce(sum(t.households) FILTER (WHERE t.status IN ${DONE}), 0)::integer AS households_benefited
       FROM tallies t
      GROUP BY GROUPING SETS ((), (t.child), (t.unit_id))
     -- Changes not yet folded in can leave a group whose projects all moved away.
     HAVING grouping(t.child, t.unit_id) = 3 OR sum(t.projects) <> 0`,
    p.values,
  );
  return rows.map(({ g, ...row }) => ({ ...row, group: GROUP_OF_BITS[g]! }));
}

export interface StatusCountRow {
  group: Group;
  child: number | null;
  unit_id: number | null;
  kind: string;
  status: Status;
  n: number;
}

/** Projects by kind and status, for everything in scope, each child area and each unit: sums of the kept tallies. */
export async function dashboardStatusCounts(db: pg.Pool, scope: Scope): Promise<StatusCountRow[]> {
  const p = new SqlParams();
  const s = addScope(p, scope);
  const { rows } = await db.query<StatusCountRow & { g: number }>(
    `WITH RECURSIVE ${talliesInScope(s, ['k.unit_id', 'k.kind', 'k.status'], ['projects'])}
     SELECT grouping(t.child, t.unit_id)::integer AS g, t.child, t.unit_id, t.kind, t.status, sum(t.projects)::integer AS n
       FROM tallies t
      GROUP BY GROUPING SETS ((t.kind, t.status), (t.child, t.kind, t.status), (t.unit_id, t.kind, t.status))
     HAVING sum(t.projects) <> 0`,
    p.values,
  );
  return rows.map(({ g, ...row }) => ({ ...row, group: GROUP_OF_BITS[g]! }));
}

/**
 * Per project, the two dates a week's figures need beyond its columns:
 * `assigned_on`, the first day its record shows it assigned, and `closed_on`,
 * the day it stopped being open (see ProjectTimeline in domain/dashboard.ts).
 * History timestamps become dates in the districts' time zone (`tz`, text).
 */
const timeline = (tz: string) => `
  steps AS (
    SELECT h.project_id,
           (min(h.at) FILTER (WHERE h.to_status = 'assigned') AT TIME ZONE ${tz})::date AS assigned_on,
           (min(h.at) FILTER (WHERE h.to_status = 'cancelled') AT TIME ZONE ${tz})::date AS cancelled_on
      FROM project_history h
      JOIN scoped s ON s.id = h.project_id
     WHERE h.to_status IN ('assigned', 'cancelled')
     GROUP BY h.project_id
  ),
  timeline AS (
    SELECT p.*, s.assigned_on,
           CASE
             WHEN p.status IN ${DONE} THEN COALESCE(p.completed_on, p.reported_on)
             WHEN p.status = 'cancelled' THEN COALESCE(s.cancelled_on, p.reported_on)
           END AS closed_on
      FROM scoped p
      LEFT JOIN steps s ON s.project_id = p.id
  )`;

/** Open on date `d` and overdue on it (domain: openOn, weeklyFiguresOf). */
const OPEN_ON = (d: string) => `(t.reported_on <= ${d} AND (t.closed_on IS NULL OR t.closed_on > ${d}))`;
const OVERDUE_ON = (d: string) => `(${OPEN_ON(d)} AND t.deadline < ${d})`;

export interface WeeklyRow {
  group: Group;
  child: number | null;
  unit_id: number | null;
  start: IsoDate;
  reported: number;
  assigned: number;
  completed: number;
  verified: number;
  open_at_end: number;
  overdue_at_end: number;
}

type Week = WeekSpan & { as_of: IsoDate };

/** Where weekly figures are counted from: the kept day tallies (migration 0012), or the projects and their history. */
export type WeeklySource = 'tallies' | 'projects';

/**
 * Each week's figures (WEEKLY_MEASURES): for everything in scope only, or
 * also for each child area and each unit. A week's "at end" figures are as of
 * its `as_of` day (Sunday, or today for a running week). The weeks follow
 * one another, Monday to Sunday.
 *
 * Summed from the day tallies when they are kept in `timeZone` (the
 * server's own); otherwise counted from the projects.
 */
export async function weeklyFigures(
  db: pg.Pool,
  scope: Scope,
  weeks: readonly Week[],
  timeZone: string,
  options: { byGroup: boolean; source?: WeeklySource },
): Promise<WeeklyRow[]> {
  assertConsecutive(weeks);
  const source = options.source ?? ((await dayTalliesTimeZone(db)) === timeZone ? 'tallies' : 'projects');
  const rows = source === 'tallies' ? await weeklyFromTallies(db, scope, weeks, options.byGroup) : await weeklyFromProjects(db, scope, weeks, timeZone, options.byGroup);
  // Every week comes back even with nothing in scope; a group with nothing in it is left out.
  const empty = (r: WeeklyRow) => r.reported + r.assigned + r.completed + r.verified + r.open_at_end === 0;
  return rows.filter((r) => r.group === 'total' || !empty(r));
}

/** The time zone in which the day tallies turn history timestamps into days. */
export async function dayTalliesTimeZone(db: pg.Pool | pg.PoolClient): Promise<string> {
  const { rows } = await db.query<{ zone: string }>('SELECT tally_time_zone() AS zone');
  return rows[0]!.zone;
}

/** Sets the day tallies' time zone, counting them again if it changed; true if it did. */
export async function setDayTalliesTimeZone(db: pg.Pool | pg.PoolClient, timeZone: string): Promise<boolean> {
  const { rows } = await db.query<{ changed: boolean }>('SELECT set_tally_time_zone($1) AS changed', [timeZone]);
  return rows[0]!.changed;
}

/** The weeks' days as date arrays, and how many weeks, as parameters. */
interface WeekParams {
  starts: Placeholder;
  ends: Placeholder;
  asOfs: Placeholder;
  count: Placeholder;
}

function addWeeks(p: SqlParams, weeks: readonly Week[]): WeekParams {
  return {
    starts: p.add(weeks.map((x) => x.start)),
    ends: p.add(weeks.map((x) => x.end)),
    asOfs: p.add(weeks.map((x) => x.as_of)),
    count: p.add(weeks.length),
  };
}

/** Week arithmetic on the weeks' parameters, for weeks that follow one another (assertConsecutive). */
function weekArithmetic({ starts, ends, asOfs, count }: WeekParams) {
  const [first, lastEnd, lastAsOf] = [`(${starts}::date[])[1]`, `(${ends}::date[])[${count}::integer]`, `(${asOfs}::date[])[${count}::integer]`];
  return {
    count: `${count}::integer`,
    start: (i: string) => `(${starts}::date[])[${i} + 1]::text`,
    /** The week (0 … count - 1) a day falls in; null outside the weeks. */
    weekOf: (d: string) => `CASE WHEN ${d} BETWEEN ${first} AND ${lastEnd} THEN (${d} - ${first}) / 7 END`,
    /**
     * The first week whose as_of is on or after a day (count: none), so the
     * day comes after the as_of of the weeks before it. as_of is each week's
     * last day, but never after today: the last week's as_of when it is still running.
     */
    firstAsOf: (d: string) => `CASE WHEN ${d} > ${lastAsOf} THEN ${count}::integer ELSE greatest(0, (${d} - (${ends}::date[])[1] + 6) / 7) END`,
  };
}

function groupingOf(byGroup: boolean, alias: string) {
  return byGroup
    ? { groups: `grouping(${alias}.child, ${alias}.unit_id)::integer AS g, ${alias}.child, ${alias}.unit_id`, sets: `(w.i), (w.i, ${alias}.child), (w.i, ${alias}.unit_id)` }
    : { groups: '3 AS g, NULL::integer AS child, NULL::integer AS unit_id', sets: '(w.i)' };
}

/**
 * From the day tallies: a week's steps are the sums over its days, and its
 * "at end" figures are the projects open (and overdue) now, less those that
 * opened and plus those that closed after its as_of day. So only the days
 * from the first week on are read, some thousand rows at a million projects.
 */
async function weeklyFromTallies(db: pg.Pool, scope: Scope, weeks: readonly Week[], byGroup: boolean): Promise<WeeklyRow[]> {
  const p = new SqlParams();
  const s = addScope(p, scope);
  const weekParams = addWeeks(p, weeks);
  const w = weekArithmetic(weekParams);
  const { groups, sets } = groupingOf(byGroup, 'a');
  // Without groups, rows alike but for their area and unit are summed as one:
  // the weeks multiply a hundred rows, not thousands.
  const groupKeys = (alias: string) => (byGroup ? `${alias}.child, ${alias}.unit_id` : 'NULL::integer AS child, NULL::integer AS unit_id');
  const { rows } = await db.query<WeeklyRow & { g: number }>(
    `WITH RECURSIVE ${talliesInScope(s, ['k.unit_id', 'k.status', 'k.deadline IS NOT NULL AS has_deadline'], ['projects'])},
     kept_days AS (
       SELECT * FROM project_day_tallies WHERE day >= (${weekParams.starts}::date[])[1]
       UNION ALL
       SELECT * FROM project_day_tally_changes WHERE day >= (${weekParams.starts}::date[])[1]
     ),
     days AS (${keptInScope(s, 'kept_days', byGroup)}
     ),
     -- Days alike for every week, summed; then the projects open now, as though
     -- they had closed after every week with the sign turned.
     alike AS (
       SELECT ${groupKeys('d')}, ${w.weekOf('d.day')} AS in_week, ${w.firstAsOf('d.day')} AS after_weeks,
              sum(d.reported) AS reported, sum(d.assigned) AS assigned, sum(d.completed) AS completed, sum(d.verified) AS verified,
              sum(d.opens - d.closes) AS open_change, sum(d.overdue_opens - d.overdue_closes) AS overdue_change
         FROM days d
        GROUP BY 1, 2, 3, 4
       UNION ALL
       SELECT ${groupKeys('t')}, NULL, ${w.count}, 0, 0, 0, 0,
              -sum(t.projects) FILTER (WHERE t.status IN ${OPEN}),
              -sum(t.projects) FILTER (WHERE t.status IN ${OPEN} AND t.has_deadline)
         FROM tallies t
        GROUP BY 1, 2
     )
     SELECT ${groups}, ${w.start('w.i')} AS start,
            coalesce(sum(a.reported) FILTER (WHERE a.in_week = w.i), 0)::integer AS reported,
            coalesce(sum(a.assigned) FILTER (WHERE a.in_week = w.i), 0)::integer AS assigned,
            coalesce(sum(a.completed) FILTER (WHERE a.in_week = w.i), 0)::integer AS completed,
            coalesce(sum(a.verified) FILTER (WHERE a.in_week = w.i), 0)::integer AS verified,
            coalesce(-sum(a.open_change) FILTER (WHERE w.i < a.after_weeks), 0)::integer AS open_at_end,
            coalesce(-sum(a.overdue_change) FILTER (WHERE w.i < a.after_weeks), 0)::integer AS overdue_at_end
       FROM generate_series(0, ${w.count} - 1) AS w(i)
       LEFT JOIN alike a ON true
      GROUP BY GROUPING SETS (${sets})
      ORDER BY w.i`,
    p.values,
  );
  return rows.map(({ g, ...row }) => ({ ...row, group: GROUP_OF_BITS[g]! }));
}

/**
 * From the projects and their history, as domain/dashboard.ts defines the
 * figures. Each project is placed once: the week of each of its steps, and
 * the weeks it was open, and overdue, at the end of (a range: as_of only
 * grows from week to week). Projects placed alike are counted together
 * before the weeks multiply them.
 */
async function weeklyFromProjects(db: pg.Pool, scope: Scope, weeks: readonly Week[], timeZone: string, byGroup: boolean): Promise<WeeklyRow[]> {
  const p = new SqlParams();
  const s = addScope(p, scope);
  const tz = p.add(timeZone);
  const w = weekArithmetic(addWeeks(p, weeks));
  const { groups, sets } = groupingOf(byGroup, 'a');
  const { rows } = await db.query<WeeklyRow & { g: number }>(
    `WITH RECURSIVE ${scopedProjects(s)}, ${timeline(`${tz}::text`)},
     placed AS (
       SELECT t.child, t.unit_id,
              ${w.weekOf('t.reported_on')} AS reported_w, ${w.weekOf('t.assigned_on')} AS assigned_w,
              ${w.weekOf('t.completed_on')} AS completed_w, ${w.weekOf('t.verified_on')} AS verified_w,
              ${w.firstAsOf('t.reported_on')} AS open_from,
              CASE WHEN t.closed_on IS NULL THEN ${w.count} ELSE ${w.firstAsOf('t.closed_on')} END AS open_until,
              -- Overdue on a day after the deadline (domain: isOverdue).
              CASE WHEN t.deadline IS NULL THEN ${w.count} ELSE ${w.firstAsOf('t.deadline + 1')} END AS due_from
         FROM timeline t
     ),
     alike AS (
       SELECT child, unit_id, reported_w, assigned_w, completed_w, verified_w, open_from, open_until,
              greatest(open_from, due_from) AS overdue_from, count(*)::integer AS n
         FROM placed
        WHERE reported_w IS NOT NULL OR assigned_w IS NOT NULL OR completed_w IS NOT NULL OR verified_w IS NOT NULL
           OR open_from < open_until
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
     )
     SELECT ${groups}, ${w.start('w.i')} AS start,
            coalesce(sum(a.n) FILTER (WHERE a.reported_w = w.i), 0)::integer AS reported,
            coalesce(sum(a.n) FILTER (WHERE a.assigned_w = w.i), 0)::integer AS assigned,
            coalesce(sum(a.n) FILTER (WHERE a.completed_w = w.i), 0)::integer AS completed,
            coalesce(sum(a.n) FILTER (WHERE a.verified_w = w.i), 0)::integer AS verified,
            coalesce(sum(a.n) FILTER (WHERE w.i >= a.open_from AND w.i < a.open_until), 0)::integer AS open_at_end,
            coalesce(sum(a.n) FILTER (WHERE w.i >= a.overdue_from AND w.i < a.open_until), 0)::integer AS overdue_at_end
       FROM generate_series(0, ${w.count} - 1) AS w(i)
       LEFT JOIN alike a ON true
      GROUP BY GROUPING SETS (${sets})
      ORDER BY w.i`,
    p.values,
  );
  return rows.map(({ g, ...row }) => ({ ...row, group: GROUP_OF_BITS[g]! }));
}

/** The week arithmetic needs weeks that run Monday to Sunday, one after another, as_of in order. */
function assertConsecutive(weeks: readonly Week[]): void {
  if (weeks.length === 0) throw new Error('weeklyFigures needs at least one week');
  weeks.forEach((w, i) => {
    const consecutive = addDays(w.start, 6) === w.end && (i === 0 || addDays(weeks[i - 1]!.start, 7) === w.start);
    const asOfInOrder = i === 0 || weeks[i - 1]!.as_of <= w.as_of;
    if (!consecutive || !asOfInOrder) throw new Error(`weeklyFigures: week ${i} (${w.start} … ${w.end}, as of ${w.as_of}) does not follow the one before`);
  });
}

export interface OverdueRow {
  id: number;
  title: string;
  kind: string;
  status: Status;
  unit_id: number | null;
  unit_name: string | null;
  unit_name_en: string | null;
  area_id: number | null;
  area_name: string | null;
  area_name_en: string | null;
  area_level: 'district' | 'street' | 'community' | null;
  reported_on: IsoDate;
  deadline: IsoDate;
  bbox: [number, number, number, number];
}

/** Of a project `p`: in scope (`tree` from areaTree). */
const inScope = (s: ScopeParams) => `${ofKinds(s)} AND (${s.area}::integer IS NULL OR ${IN_TREE})`;

/** The day a list of overdue work is for (a date), and the page's size. */
interface OverduePage {
  day: Placeholder;
  limit: Placeholder;
}

/**
 * The ids of the first `limit` projects open now with a deadline before `day`
 * (and `also`, a condition on `p`), in scope, most overdue first. For all
 * districts, walked in that order from the index of open work by deadline
 * (migration 0013), so the walk stops at the page. For an area, the first
 * `limit` of each area of its tree from the index of open work by area and
 * deadline (0018): walking the prefecture's open work in deadline order and
 * keeping the area's read 600,000 entries (0.86 s) before a district with 48
 * projects filled its page. Needs `tree`.
 */
const openOverdueCandidates = (s: ScopeParams, { day, limit }: OverduePage, also = '') => `
  (SELECT p.id FROM projects p
    WHERE ${s.area}::integer IS NULL AND p.deleted_at IS NULL AND p.status IN ${OPEN} AND p.deadline < ${day}::date ${also}
      AND ${ofKinds(s)}
    ORDER BY p.deadline, p.id LIMIT ${limit})
  UNION ALL
  (SELECT first.id
     FROM (SELECT DISTINCT id FROM tree) a
    CROSS JOIN LATERAL (
      SELECT p.id FROM projects p
       WHERE p.area_id = a.id AND p.deleted_at IS NULL AND p.status IN ${OPEN} AND p.deadline < ${day}::date ${also}
         AND ${ofKinds(s)}
       ORDER BY p.deadline, p.id LIMIT ${limit}) first
    WHERE ${s.area}::integer IS NOT NULL)`;

/**
 * The `limit` projects overdue today (open now, deadline before today) most
 * overdue first (openOverdueCandidates). How many there are is the measures'
 * `overdue`.
 */
export function overdueToday(db: pg.Pool, scope: Scope, today: IsoDate, limit: number): Promise<OverdueRow[]> {
  return overdueList(db, scope, { day: today, limit }, (s, page) => ({
    candidates: openOverdueCandidates(s, page),
    timeline: 'timeline AS (SELECT * FROM scoped)',
    predicate: `(t.status IN ${OPEN} AND t.deadline < ${page.day}::date)`,
  }));
}

/**
 * The `limit` projects overdue at the end of a week, most overdue first:
 * open on `asOf` by their timeline, deadline before it. Open on a past day
 * means open now and reported by then, or closed since: completed after it,
 * or cancelled after it. Each of these is read from an index: open work
 * in deadline order up to the page (openOverdueCandidates), work completed since
 * from an index of finished work by completion day that carries what the
 * filter reads (0016), cancellations by time (0013); work closed long ago is
 * never read. How many there are is the week's `overdue_at_end`.
 */
export function overdueOn(db: pg.Pool, scope: Scope, asOf: IsoDate, limit: number, timeZone: string): Promise<OverdueRow[]> {
  return overdueList(db, scope, { day: asOf, limit }, (s, page, p) => {
    const { day } = page;
    const tz = p.add(timeZone);
    return {
      candidates: `${openOverdueCandidates(s, page, `AND p.reported_on <= ${day}::date`)}
      UNION ALL
      -- Work completed since is found by its completion day, then sorted: walked
      -- in deadline order, the index passed over every project completed
      -- before (721,745 of a million, 1.8 s).
      (WITH completed_since AS MATERIALIZED (
         SELECT p.id, p.deadline FROM projects p
          WHERE p.deleted_at IS NULL AND p.status IN ${DONE} AND p.completed_on > ${day}::date AND p.deadline < ${day}::date
            AND p.reported_on <= ${day}::date AND ${inScope(s)})
       SELECT id FROM completed_since ORDER BY deadline, id LIMIT ${page.limit})
      UNION ALL
      SELECT h.project_id FROM project_history h
       WHERE h.to_status = 'cancelled' AND h.at >= ((${day}::date + 1)::timestamp AT TIME ZONE ${tz}::text)`,
      timeline: timeline(`${tz}::text`),
      predicate: OVERDUE_ON(`${day}::date`),
    };
  });
}

interface OverdueQuery {
  /** The ids of projects that may be on the page, every one that is among them (more is harmless). */
  candidates: string;
  /** `timeline`, from `scoped`: the candidates in scope. */
  timeline: string;
  /** Of a timeline row `t`: overdue. */
  predicate: string;
}

/** A page of overdue work in scope on a day: the statement's parts from `query`, given the scope's and the page's placeholders. */
async function overdueList(
  db: pg.Pool,
  scope: Scope,
  page: { day: IsoDate; limit: number },
  query: (s: ScopeParams, page: OverduePage, p: SqlParams) => OverdueQuery,
): Promise<OverdueRow[]> {
  const p = new SqlParams();
  const s = addScope(p, scope);
  const pageParams = { day: p.add(page.day), limit: p.add(page.limit) };
  const q = query(s, pageParams, p);
  const { rows } = await db.query<OverdueRow>(
    `WITH RECURSIVE ${areaTree(s)},
     candidates AS (${q.candidates}),
     scoped AS (
       SELECT ${PROJECT_FACTS}, NULL::integer AS child
         FROM projects p
        WHERE p.id IN (SELECT id FROM candidates) AND p.deleted_at IS NULL AND ${inScope(s)}
     ),
     ${q.timeline}
     SELECT t.id, pr.title, t.kind, t.status, t.unit_id, u.name AS unit_name, u.name_en AS unit_name_en,
            t.area_id, a.name AS area_name, a.name_en AS area_name_en, a.level AS area_level,
            t.reported_on, t.deadline,
            ARRAY[ST_XMin(pr.geom), ST_YMin(pr.geom), ST_XMax(pr.geom), ST_YMax(pr.geom)]::float8[] AS bbox
       FROM timeline t
       JOIN projects pr ON pr.id = t.id
       LEFT JOIN units u ON u.id = t.unit_id
       LEFT JOIN areas a ON a.id = t.area_id
      WHERE ${q.predicate}
      ORDER BY t.deadline, t.id
      LIMIT ${pageParams.limit}`,
    p.values,
  );
  return rows;
}

export interface AreaRefRow {
  id: number;
  name: string;
  name_en: string;
  level: 'district' | 'street' | 'community';
}

/** The area and its ancestors, district first; empty when there is no such area. */
export async function areaPath(db: pg.Pool, areaId: number): Promise<AreaRefRow[]> {
  const { rows } = await db.query<AreaRefRow>(
    `WITH RECURSIVE up AS (
       SELECT id, name, name_en, level, parent_id, 0 AS depth FROM areas WHERE id = $1
       UNION ALL
       SELECT a.id, a.name, a.name_en, a.level, a.parent_id, up.depth + 1 FROM areas a JOIN up ON a.id = up.parent_id
     )
     SELECT id, name, name_en, level FROM up ORDER BY depth DESC`,
    [areaId],
  );
  return rows;
}

/** The areas one level below (for all districts: the districts), in code order. */
export async function childAreas(db: pg.Pool, areaId: number | null): Promise<AreaRefRow[]> {
  const { rows } = await db.query<AreaRefRow>(
    `SELECT id, name, name_en, level FROM areas
      WHERE ($1::integer IS NULL AND parent_id IS NULL) OR parent_id = $1::integer
      ORDER BY code`,
    [areaId],
  );
  return rows;
}

export interface UnitRefRow {
  id: number;
  name: string;
  name_en: string | null;
}

export async function unitsByIds(db: pg.Pool, ids: readonly number[]): Promise<UnitRefRow[]> {
  const { rows } = await db.query<UnitRefRow>('SELECT id, name, name_en FROM units WHERE id = ANY ($1::integer[])', [ids]);
  return rows;
}
