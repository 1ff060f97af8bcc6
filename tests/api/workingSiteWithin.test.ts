import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeColumns, workingSiteWithin } from '../../server/src/queries/fragments.js';
import { startTestApp } from '../helpers/app.js';

/**
 * Coverage decides most pairs in Web Mercator and measures on the spheroid only
 * those its bounds cannot decide. It must answer exactly as the spheroid does:
 * places put 97 % to 103 % of R from a working site, in eight directions, from
 * the south of Hainan to the north of Heilongjiang, against ST_DWithin on
 * geography. Everything is written in a transaction that is rolled back.
 */
let app: FastifyInstance;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('a working charging site within R', () => {
  it('agrees with the spheroid at every latitude of China, right at the edge of R', async () => {
    const client = await app.db.pool.connect();
    try {
      await client.query('BEGIN');
      // Far from every demo and test area, so only these sites count.
      const latitudes = [18.3, 27.0, 40.0, 53.3];
      const { rows: sites } = await client.query<{ id: number; lat: number }>(
        `INSERT INTO projects (kind, title, status, geom, reported_on)
         SELECT 'charging', '边界测试站 ' || lat, 'verified', ST_SetSRID(ST_MakePoint(75.5, lat), 4326), DATE '2024-01-01'
           FROM unnest($1::float8[]) lat
         RETURNING id, ST_Y(geom) AS lat`,
        [latitudes],
      );
      expect(sites).toHaveLength(latitudes.length);
      for (const radius of [300, 500, 1500, 5000]) {
        const { rows } = await client.query<{ product: boolean; probed: boolean; spheroid: boolean; fraction: number; lat: number; bearing: number }>(
          `WITH places AS (
             SELECT ST_SetSRID(ST_Project(s.geom::geography, $1 * f, radians(b))::geometry, 4326) AS geom,
                    s.geom AS site, f AS fraction, ST_Y(s.geom) AS lat, b AS bearing
               FROM projects s,
                    generate_series(0.97, 1.03, 0.0025) f,
                    generate_series(0, 315, 45) b
              WHERE s.id = ANY($2::integer[])
           ),
           probed AS (SELECT p.*, ${probeColumns('p.geom', '$1')} FROM places p)
           SELECT ${workingSiteWithin('p.geom', '$1')} AS product,
                  ${workingSiteWithin('p.geom', '$1', 'p')} AS probed,
                  EXISTS (SELECT 1 FROM projects w
                           WHERE w.id = ANY($2::integer[]) AND ST_DWithin(w.geom::geography, p.geom::geography, $1)) AS spheroid,
                  fraction, lat, bearing
             FROM probed p`,
          [radius, sites.map((s) => s.id)],
        );
        expect(rows.length).toBe(latitudes.length * 25 * 8);
        // Inline, and from columns computed once per place (as coverage does): the same answers.
        const disagreements = rows.filter((r) => r.product !== r.spheroid || r.probed !== r.spheroid);
        expect(disagreements, `R = ${radius} m`).toEqual([]);
        // Both sides of the edge were asked.
        expect(rows.some((r) => r.spheroid) && rows.some((r) => !r.spheroid)).toBe(true);
      }
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
