import type pg from 'pg';
import { chargingCoverage } from '../../../server/src/queries/coverage.js';
import { time, type BenchResult } from '../measure.js';

/**
 * The naive way: every compound of the district against every working site of
 * the district, the distance computed on the spheroid for each pair. (The
 * product also counts sites across the boundary; the synthetic district has
 * none within reach, so both must give the same figure.)
 */
const NAIVE = `
  WITH area_compounds AS (SELECT id, households, geom FROM compounds WHERE area_id = $1),
       sites AS (SELECT geom FROM projects
                  WHERE kind = 'charging' AND status IN ('completed', 'verified') AND deleted_at IS NULL AND area_id = $1)
  SELECT COALESCE(sum(households), 0) AS households_covered
    FROM area_compounds c
   WHERE EXISTS (SELECT 1 FROM sites s CROSS JOIN LATERAL (SELECT ST_Distance(s.geom::geography, c.geom::geography) AS d) x WHERE x.d <= $2)`;

/** Charging coverage (households within 500 m of a working site) of a district with many compounds and sites. */
export async function coverageCase(db: pg.Pool, areaId: number, compounds: number, sites: number, runs: number): Promise<BenchResult> {
  const radius = 500;
  const product = await chargingCoverage(db, areaId, radius);
  // One run of the naive query (it takes seconds to minutes), which must agree with the product's.
  let naiveCovered = 0;
  const naive = await time(
    async () => {
      const client = await db.connect();
      try {
        // Minutes at full scale: beyond the 30 s a request may take.
        await client.query('BEGIN');
        await client.query('SET LOCAL statement_timeout = 0');
        const { rows } = await client.query<{ households_covered: number }>(NAIVE, [areaId, radius]);
        naiveCovered = Number(rows[0]!.households_covered);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    },
    { runs: 1, warmup: 0 },
  );
  if (naiveCovered !== product.households_covered) {
    throw new Error(`the naive and the indexed coverage disagree: ${naiveCovered} vs ${product.households_covered}`);
  }
  const indexed = await time(() => chargingCoverage(db, areaId, radius), { runs });
  const ratio = naive.p50 / indexed.p50;
  return {
    case: `charging coverage, ${compounds.toLocaleString('en')} compounds × ${sites.toLocaleString('en')} sites`,
    measure: `p50 / p95 of ${runs} runs (${product.households_covered.toLocaleString('en')} of ${product.households.toLocaleString('en')} households covered)`,
    value: indexed,
    baseline: { name: 'naive cross join (one run)', value: naive },
    ratio,
    ratioLabel: `${ratio.toFixed(0)}× faster`,
    target: '≤ 300 ms, ≥ 50×',
    met: indexed.p95 <= 300 && ratio >= 50,
  };
}
