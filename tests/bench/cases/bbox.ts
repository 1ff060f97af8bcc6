import type pg from 'pg';
import { OPEN_STATUSES } from '../../../server/src/domain/status.js';
import { projectsMatching } from '../../../server/src/queries/projects.js';
import { DEFAULT_PAGE_SIZE as LIST_PAGE } from '../../../server/src/routes/projects.js';
import { IN_VIEW_PAGE_SIZE } from '../../../client/src/api/projects.js';
import { time, type BenchResult } from '../measure.js';
import { SPREAD } from '../syntheticData.js';

/**
 * The list API's query for a window of about 2 × 2 km in the densest part, as
 * `GET /api/projects?bbox=…` runs it (every column of each project), against
 * the same query with index and bitmap scans turned off, which makes
 * PostgreSQL read every row. Two pages: the 100 the tiled map's list asks for
 * at a time, and the API's default of 1,000. The window holds more than a
 * page at full scale; past the index, the time goes into reading the rows
 * from their pages and shipping them (~15 µs a row in node-pg).
 */
export async function bboxCases(db: pg.Pool, projects: number, kind: 'postgis' | 'embedded', runs: number): Promise<BenchResult[]> {
  const centre = [SPREAD.lon + SPREAD.width / 2, SPREAD.lat + SPREAD.height / 2] as const;
  const bbox: [number, number, number, number] = [centre[0] - 0.01, centre[1] - 0.009, centre[0] + 0.01, centre[1] + 0.009];
  const inWindow = { bbox, limit: 1_000_000, afterId: 0, overdueOnly: false, openStatuses: OPEN_STATUSES, today: '2026-01-01' };
  const found = (await projectsMatching(db, inWindow)).length;
  const results: BenchResult[] = [];
  for (const [page, who] of [[IN_VIEW_PAGE_SIZE, "the tiled map's list page"], [LIST_PAGE, "the API's default page"]] as const) {
    const filter = { ...inWindow, limit: page };
    const query = (client: pg.Pool | pg.PoolClient) => projectsMatching(client, filter);
    const returned = (await query(db)).length;
    const client = await db.connect();
    let sequential;
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off');
      sequential = await time(() => query(client), { runs: Math.max(3, Math.ceil(runs / 10)), warmup: 1 });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    const indexed = await time(() => query(db), { runs });
    const ratio = sequential.p50 / indexed.p50;
    const p95Target = kind === 'postgis' ? indexed.p95 <= 30 : true;
    results.push({
      case: `bbox query, ${projects.toLocaleString('en')} projects (${found} in the window, ${who}: ${returned})`,
      measure: `p50 / p95 of ${runs} queries`,
      value: indexed,
      baseline: { name: 'same query, sequential scan', value: sequential },
      ratio,
      ratioLabel: `${ratio.toFixed(0)}× faster`,
      target: kind === 'postgis' ? '≥ 100×, p95 ≤ 30 ms' : '≥ 100×',
      met: ratio >= 100 && p95Target,
    });
  }
  return results;
}
