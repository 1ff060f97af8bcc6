import { isDeepStrictEqual } from 'node:util';
import type pg from 'pg';
import { compactTallies } from '../../../server/src/db/tallies.js';
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

/**
 * The leader dashboard and the weekly summary of all districts, as the API
 * computes them, from the kept tallies and the overdue indexes; and the
 * 12-week trend from the day tallies against the same figures counted from
 * every project and its history, which must agree.
 */
export async function dashboardCases(db: pg.Pool, projects: number, runs: number): Promise<BenchResult[]> {
  // As the server's minute-by-minute compaction leaves them after a bulk load.
  await compactTallies(db);
  const request: DashboardRequest = { areaId: null, kinds: null, today: TODAY, timeZone: TIME_ZONE };
  const scale = `${projects.toLocaleString('en')} projects`;

  const dashboard = await time(() => dashboardOf(db, request), { runs });
  const week = lastFullWeek(TODAY);
  const weekly = await time(() => weeklyReportOf(db, request, week), { runs });

  const weeks = weeksEndingWith(TODAY, TREND_WEEKS).map((w) => ({ ...w, as_of: asOfDate(w, TODAY) }));
  const trendFrom = (source: 'tallies' | 'projects') =>
    weeklyFigures(db, { areaId: null, kinds: null }, weeks, TIME_ZONE, { byGroup: false, source });
  const [kept, counted] = [await trendFrom('tallies'), await trendFrom('projects')];
  const agree = isDeepStrictEqual(kept, counted);
  const fromTallies = await time(() => trendFrom('tallies'), { runs });
  const fromProjects = await time(() => trendFrom('projects'), { runs: 3, warmup: 0 });
  const ratio = fromProjects.p50 / fromTallies.p50;

  return [
    {
      case: `dashboard of all districts, ${scale}`,
      measure: `p50 / p95 of ${runs} runs (measures, counts, overdue list, 12-week trend)`,
      value: dashboard,
      baseline: null,
      ratio: null,
      ratioLabel: '—',
      target: `≤ ${TENS_OF_MS} ms`,
      met: dashboard.p95 <= TENS_OF_MS,
    },
    {
      case: `weekly summary of all districts, ${scale}`,
      measure: `p50 / p95 of ${runs} runs`,
      value: weekly,
      baseline: null,
      ratio: null,
      ratioLabel: '—',
      target: `≤ ${TENS_OF_MS} ms`,
      met: weekly.p95 <= TENS_OF_MS,
    },
    {
      case: `12-week trend from day tallies, ${scale}`,
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
