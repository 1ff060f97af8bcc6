import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COVERAGE_BOUNDS } from '../../server/src/domain/coverage.js';
import { workingSiteWithin } from '../../server/src/queries/fragments.js';
import { startTestApp } from '../helpers/app.js';
import { inRolledBackTransaction } from '../helpers/rolledBack.js';

/**
 * Charging coverage reads each compound's distance to its nearest working
 * site from compound_charging_reach, which triggers keep (migration 0009).
 * These tests hold the kept distances to the definition — the smallest
 * ST_Distance on geography to a completed or verified charging project — at
 * the edge of R at every latitude of China, and after every kind of change a
 * site or a compound can go through, one row at a time and in bulk. All of
 * it is written in transactions that are rolled back, far from every demo
 * and test area.
 */
let app: FastifyInstance;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

interface Mismatch {
  id: number;
  kept: number | null;
  truth: number | null;
}

/** The compounds `ids` whose kept distance differs from the nearest working site measured now, one by one. */
async function reachMismatches(client: pg.PoolClient, ids: number[]): Promise<Mismatch[]> {
  const { rows } = await client.query<Mismatch>(
    `SELECT c.id, r.nearest_m AS kept, t.truth
       FROM compounds c
       LEFT JOIN compound_charging_reach r ON r.compound_id = c.id
       CROSS JOIN LATERAL (
         SELECT min(ST_Distance(s.geom::geography, c.geom::geography)) AS nearest
           FROM projects s
          WHERE s.kind = 'charging' AND s.status IN ('completed', 'verified') AND s.deleted_at IS NULL
       ) n
       CROSS JOIN LATERAL (SELECT CASE WHEN n.nearest <= charging_reach_cap() THEN n.nearest END AS truth) t
      WHERE c.id = ANY ($1::bigint[])`,
    [ids],
  );
  expect(rows).toHaveLength(ids.length);
  return rows.filter((r) => (r.kept === null) !== (r.truth === null) || (r.kept !== null && Math.abs(r.kept - r.truth!) > 1e-6));
}

describe('the distance kept from each compound to its nearest working charging site', () => {
  it('reaches past the largest radius the API accepts', async () => {
    const { rows } = await app.db.pool.query<{ cap: number }>('SELECT charging_reach_cap() AS cap');
    expect(rows[0]!.cap).toBeGreaterThanOrEqual(COVERAGE_BOUNDS.radius.maximum);
  });

  it('agrees with the spheroid at every latitude of China, right at the edge of R', async () => {
    await inRolledBackTransaction(app.db.pool, async (client) => {
      const latitudes = [18.3, 27.0, 40.0, 53.3];
      const radii = [300, 500, 1500, 5000];
      const { rows: sites } = await client.query<{ id: number }>(
        `INSERT INTO projects (kind, title, status, geom, reported_on)
         SELECT 'charging', '边界测试站 ' || lat, 'verified', ST_SetSRID(ST_MakePoint(75.5, lat), 4326), DATE '2024-01-01'
           FROM unnest($1::float8[]) lat
         RETURNING id`,
        [latitudes],
      );
      // Compounds (points) from 97 % to 103 % of each R, in eight directions round each site.
      const { rows: places } = await client.query<{ id: number }>(
        `INSERT INTO compounds (name, households, geom)
         SELECT '边界测试小区', 100, ST_SetSRID(ST_Project(s.geom::geography, r * f, radians(b))::geometry, 4326)
           FROM projects s, unnest($1::float8[]) r, generate_series(0.97, 1.03, 0.0025) f, generate_series(0, 315, 45) b
          WHERE s.id = ANY ($2::bigint[])
         RETURNING id`,
        [radii, sites.map((s) => s.id)],
      );
      expect(places).toHaveLength(latitudes.length * radii.length * 25 * 8);
      const ids = places.map((p) => p.id);
      expect(await reachMismatches(client, ids)).toEqual([]);
      for (const radius of radii) {
        const { rows } = await client.query<{ product: boolean; spheroid: boolean }>(
          `SELECT ${workingSiteWithin('c.id', '$1')} AS product,
                  EXISTS (SELECT 1 FROM projects s
                           WHERE s.id = ANY ($3::bigint[]) AND ST_Distance(s.geom::geography, c.geom::geography) <= $1) AS spheroid
             FROM compounds c WHERE c.id = ANY ($2::bigint[])`,
          [radius, ids, sites.map((s) => s.id)],
        );
        expect(rows.filter((r) => r.product !== r.spheroid), `R = ${radius} m`).toEqual([]);
        // Both sides of the edge were asked.
        expect(rows.some((r) => r.spheroid) && rows.some((r) => !r.spheroid)).toBe(true);
      }
    });
  });

  it('follows sites and compounds through every change, one at a time and in bulk', async () => {
    await inRolledBackTransaction(app.db.pool, async (client) => {
      // A 6 × 6 km patch at 31°N, 76°E: 150 compounds, squares and points.
      const patch = { lon: 76.0, lat: 31.0, size: 0.06 };
      const { rows: compounds } = await client.query<{ id: number }>(
        `INSERT INTO compounds (name, households, geom)
         SELECT '变更测试小区 ' || i, 100,
                CASE WHEN i % 3 = 0 THEN ST_SetSRID(ST_MakePoint($1::float8 + $3::float8 * (i * 37 % 150) / 150.0, $2 + $3 * (i * 61 % 150) / 150.0), 4326)
                     ELSE ST_Expand(ST_SetSRID(ST_MakePoint($1::float8 + $3::float8 * (i * 37 % 150) / 150.0, $2 + $3 * (i * 61 % 150) / 150.0), 4326), 0.0004) END
           FROM generate_series(1, 150) i
         RETURNING id`,
        [patch.lon, patch.lat, patch.size],
      );
      const ids = compounds.map((c) => c.id);
      const check = async (step: string) => expect(await reachMismatches(client, ids), step).toEqual([]);
      await check('no site yet');

      const site = async (lon: number, lat: number, status = 'completed') =>
        (
          await client.query<{ id: number }>(
            `INSERT INTO projects (kind, title, status, geom, reported_on)
             VALUES ('charging', '变更测试站', $3, ST_SetSRID(ST_MakePoint($1, $2), 4326), DATE '2024-01-01') RETURNING id`,
            [lon, lat, status],
          )
        ).rows[0]!.id;

      const first = await site(patch.lon + 0.01, patch.lat + 0.01);
      await check('one site added');
      const second = await site(patch.lon + 0.05, patch.lat + 0.04);
      await check('a second site added');
      const pending = await site(patch.lon + 0.03, patch.lat + 0.03, 'in_progress');
      await check('a site not yet working');
      await client.query(`UPDATE projects SET status = 'verified' WHERE id = $1`, [pending]);
      await check('a site starts working');
      await client.query(`UPDATE projects SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326) WHERE id = $1`, [
        first,
        patch.lon + 0.055,
        patch.lat + 0.005,
      ]);
      await check('a site moved');
      await client.query(`UPDATE projects SET title = '改名' WHERE id = $1`, [second]);
      await check('a site renamed');
      await client.query(`UPDATE projects SET status = 'in_progress' WHERE id = $1`, [second]);
      await check('a site reopened');
      await client.query(`UPDATE projects SET deleted_at = now() WHERE id = $1`, [pending]);
      await check('a site deleted (soft)');
      await client.query(`UPDATE projects SET kind = 'streetlight' WHERE id = $1`, [first]);
      await check('a site changed kind');

      // Bulk: more sites in one statement than the per-site path takes, and
      // more rows than a trigger runs with its kept plan (migration 0014).
      const { rows: bulk } = await client.query<{ id: number }>(
        `INSERT INTO projects (kind, title, status, geom, reported_on)
         SELECT 'charging', '批量测试站 ' || i, (ARRAY['completed', 'verified', 'assigned'])[1 + i % 3],
                ST_SetSRID(ST_MakePoint($1::float8 + $3::float8 * (i * 17 % 60) / 60.0, $2 + $3 * (i * 29 % 60) / 60.0), 4326), DATE '2024-01-01'
           FROM generate_series(1, 90) i
         RETURNING id`,
        [patch.lon, patch.lat, patch.size],
      );
      await check('90 sites added at once');
      await client.query(`UPDATE projects SET status = 'in_progress' WHERE id = ANY ($1::bigint[]) AND status = 'completed'`, [
        bulk.map((b) => b.id),
      ]);
      await check('a third of them reopened at once');
      await client.query(`UPDATE projects SET geom = ST_Translate(geom, 0.004, -0.003) WHERE id = ANY ($1::bigint[])`, [
        bulk.slice(0, 20).map((b) => b.id),
      ]);
      await check('twenty moved at once');
      await client.query(`UPDATE projects SET geom = ST_Translate(geom, -0.001, 0.002) WHERE id = ANY ($1::bigint[])`, [
        bulk.map((b) => b.id),
      ]);
      await check('all 90 moved at once');
      await client.query(`DELETE FROM projects WHERE id = ANY ($1::bigint[])`, [bulk.filter((_, i) => i % 2 === 0).map((b) => b.id)]);
      await check('half deleted for good');

      // Compounds move, come and go.
      await client.query(`UPDATE compounds SET geom = ST_Translate(geom, 0.02, 0) WHERE id = ANY ($1::bigint[])`, [ids.slice(0, 30)]);
      await check('thirty compounds moved');
      await client.query(`UPDATE compounds SET households = households + 1 WHERE id = ANY ($1::bigint[])`, [ids]);
      await check('households changed');
      const { rows: more } = await client.query<{ id: number }>(
        `INSERT INTO compounds (name, households, geom)
         VALUES ('新小区', 80, ST_SetSRID(ST_MakePoint($1, $2), 4326)) RETURNING id`,
        [patch.lon + 0.052, patch.lat + 0.041],
      );
      ids.push(more[0]!.id);
      await check('a compound added');
      await client.query('DELETE FROM compounds WHERE id = $1', [ids.shift()]);
      await check('a compound deleted');
      const { rows: orphans } = await client.query(
        'SELECT r.compound_id FROM compound_charging_reach r LEFT JOIN compounds c ON c.id = r.compound_id WHERE c.id IS NULL',
      );
      expect(orphans).toEqual([]);

      // The last working site in reach goes: every compound of the patch is out of reach.
      await client.query(`UPDATE projects SET deleted_at = now() WHERE title LIKE '批量测试站%' OR title = '改名' OR id = $1`, [first]);
      await check('every site gone');
      const { rows: left } = await client.query('SELECT 1 FROM compound_charging_reach WHERE compound_id = ANY ($1::bigint[])', [ids]);
      expect(left).toEqual([]);
    });
  });

  it('is emptied with the compounds or the projects', async () => {
    for (const table of ['compounds', 'projects']) {
      await inRolledBackTransaction(app.db.pool, async (client) => {
        await client.query(
          `INSERT INTO projects (kind, title, status, geom, reported_on)
           VALUES ('charging', '清空测试站', 'completed', ST_SetSRID(ST_MakePoint(77.0, 32.0), 4326), DATE '2024-01-01')`,
        );
        await client.query(`INSERT INTO compounds (name, households, geom) VALUES ('清空测试小区', 10, ST_SetSRID(ST_MakePoint(77.001, 32.0), 4326))`);
        const before = await client.query('SELECT 1 FROM compound_charging_reach');
        expect(before.rowCount).toBeGreaterThan(0);
        await client.query(`TRUNCATE ${table} CASCADE`);
        const after = await client.query('SELECT 1 FROM compound_charging_reach');
        expect(after.rowCount, table).toBe(0);
      });
    }
  });
});
