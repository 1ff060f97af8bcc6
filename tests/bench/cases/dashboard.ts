import { isDeepStrictEqual } from 'node:util';
import type pg from 'pg';
import { compactTallies, foldOverdueTallies } from '../../../server/src/db/tallies.js';
import { vacuumWhereDue } from '../../../server/src/db/vacuum.js';
import { asOfDate, lastFullWeek, TREND_WEEKS, weeksEndingWith } from '../../../server/src/domain/dashboard.js';
import type { IsoDate } from '../../../server/src/domain/dates.js';
import { weeklyFigures } from '../../../server/src/queries/dashboard.js';
import { dashboardOf, weeklyReportOf, type DashboardRequest } from '../../../server/src/services/dashboard.js';
import { time, type BenchResult } from '../measure.js';

/** A day inside the synthetic projects' 600 days of reports (syntheticData.ts), so every week of the trend has work in it. */
const TODAY = '2025-08-01' as IsoDate;
const TIME_ZONE = 'Asia/Shanghai';
/** "Every query answers in tens of milliseconds" (the scale issue's goal). */
const TENS_OF_MS = 100;

interface District {
  id: number;
  name: string;
  projects: number;
}

/**
 * The districts holding the most and the fewest synthetic projects (of those
 * holding any), and how many each holds with its streets and communities.
 */
async function busiestAndQuietestDistricts(db: pg.Pool): Promise<{ busiest: District; quietest: District }> {
  const { rows } = await db.query<{ id: number; name: string; projects: string }>(
    `WITH RECURSIVE tree AS (
       SELECT id, id AS district FROM areas WHERE level = 'district'
       UNION ALL
       SELECT a.id, t.district FROM areas a JOIN tree t ON a.parent_id = t.id
     )
     SELECT d.id, d.name, count(*) AS projects
       FROM projects p JOIN tree t ON t.id = p.area_id JOIN areas d ON d.id = t.district
      WHERE p.deleted_at IS NULL
      GROUP BY d.id, d.name
      ORDER BY count(*) DESC, d.id`,
  );
  const district = (row: (typeof rows)[number]) => ({ id: row.id, name: row.name, projects: Number(row.projects) });
  return { busiest: district(rows[0]!), quietest: district(rows.at(-1)!) };
}

/**
 * The leader dashboard and the weekly summary, as the API computes them from
 * the kept tallies and the overdue indexes, of all districts, of the
 * busiest one and of the quietest (through their streets and communities); and the 12-week trend
 * of each from the day tallies against the same figures counted from every
 * project and its history, which must agree.
 */
export async function dashboardCases(db: pg.Pool, projects: number, runs: number): Promise<BenchResult[]> {
  // As the server's minute-by-minute upkeep leaves them after a bulk load on
  // the day TODAY: changes folded in, past deadlines of open work kept as
  // one, and the rows these left behind vacuumed away (by autovacuum on a
  // server, the server's own upkeep when embedded).
  await compactTallies(db);
  await foldOverdueTallies(db, TODAY);
  await vacuumWhereDue(db);
  const { busiest, quietest } = await busiestAndQuietestDistricts(db);
  const ofDistrict = (d: District) => scopeCases(db, { areaId: d.id, name: `one district (${d.name})` }, `${d.projects.toLocaleString('en')} of its projects`, runs);
  return [
    ...(await scopeCases(db, { areaId: null, name: 'all districts' }, `${projects.toLocaleString('en')} projects`, runs)),
    ...(await ofDistrict(busiest)),
    // Its lists must not wait on the rest of the prefecture's work.
    ...(await ofDistrict(quietest)),
  ];
}

async function scopeCases(db: pg.Pool, scope: { areaId: number | null; name: string }, scale: string, runs: number): Promise<BenchResult[]> {
  const request: DashboardRequest = { areaId: scope.areaId, kinds: null, today: TODAY, timeZone: TIME_ZONE };
  const dashboard = await time(() => dashboardOf(db, request), { runs });
  const week = lastFullWeek(TODAY);
  const weekly = await time(() => weeklyReportOf(db, request, week), { runs });

  const weeks = weeksEndingWith(TODAY, TREND_WEEKS).map((w) => ({ ...w, as_of: asOfDate(w, TODAY) }));
  const trendFrom = (source: 'tallies' | 'projects') =>
    weeklyFigures(db, { areaId: scope.areaId, kinds: null }, weeks, TIME_ZONE, { byGroup: false, source });
  const [kept, counted] = [await trendFrom('tallies'), await trendFrom('projects')];
  const agree = isDeepStrictEqual(kept, counted);
  const fromTallies = await time(() => trendFrom('tallies'), { runs });
  const fromProjects = await time(() => trendFrom('projects'), { runs: 3, warmup: 0 });
  const ratio = fromProjects.p50 / fromTallies.p50;

  return [
    {
      case: `dashboard of ${scope.name}, ${scale}`,
      measure: `p50 / p95 of ${runs} runs (measures, counts, overdue list, 12-week trend)`,
      value: dashboard,
      baseline: null,
      ratio: null,
      ratioLabel: '—',
      target: `≤ ${TENS_OF_MS} ms`,
      met: dashboard.p95 <= TENS_OF_MS,
    },
    {
      case: `weekly summary of ${scope.name}, ${scale}`,
      measure: `p50 / p95 of ${runs} runs`,
      value: weekly,
      baseline: null,
      ratio: null,
      ratioLabel: '—',
      target: `≤ ${TENS_OF_MS} ms`,
      met: weekly.p95 <= TENS_OF_MS,
    },
    {
      case: `12-week trend of ${scope.name} from day tallies, ${scale}`,
      measure: `p50 / p95 of ${runs} runs; figures ${agree ? 'agree' : 'DIFFER'} with the count`,
      value: fromTallies,
      baseline: { name: 'counted from every project (3 runs)', value: fromProjects },
      ratio,
      ratioLabel: `${ratio.toFixed(0)}× faster`,
      target: 'the same figures',
      met: agree,
    },
  ];
}
