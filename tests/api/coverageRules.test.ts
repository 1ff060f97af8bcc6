import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';

/** Rules of coverage that hold for any data, and the rule for a compound on a boundary. */
let app: FastifyInstance;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function newArea(code: string, parent: number | null, box: [number, number, number, number]): Promise<number> {
  const { rows } = await app.db.pool.query(
    `INSERT INTO areas (code, name, name_en, level, parent_id, geom)
     VALUES ($1, $1, $1, $2, $3, ST_Multi(ST_MakeEnvelope($4, $5, $6, $7, 4326))) RETURNING id`,
    [code, parent === null ? 'district' : 'street', parent, ...box],
  );
  return rows[0].id;
}

async function ratioAt(area: number, radius: number): Promise<number | null> {
  const response = await app.inject(`/api/coverage?area=${area}&kind=charging&radius=${radius}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().ratio;
}

describe('charging coverage, for any compounds and sites', () => {
  it('is a ratio between 0 and 1 that never decreases as R grows', { timeout: 120_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ x: fc.double({ min: 0, max: 0.05, noNaN: true }), y: fc.double({ min: 0, max: 0.05, noNaN: true }), households: fc.integer({ min: 0, max: 2000 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.record({ x: fc.double({ min: 0, max: 0.05, noNaN: true }), y: fc.double({ min: 0, max: 0.05, noNaN: true }) }), { maxLength: 4 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 2, maxLength: 5 }),
        async (compounds, sites, radii) => {
          // Each run in a box of its own, far from everything else.
          run += 1;
          const lon = 60 + run * 0.1;
          const area = await newArea(`T-PROP-${run}-${Date.now()}`, null, [lon, 50, lon + 0.05, 50.05]);
          await app.db.pool.query(
            `INSERT INTO compounds (name, households, geom)
             SELECT 'p', c.households, ST_SetSRID(ST_MakePoint($1 + c.x, 50 + c.y), 4326)
               FROM json_to_recordset($2::json) AS c(x float8, y float8, households integer)`,
            [lon, JSON.stringify(compounds)],
          );
          await app.db.pool.query(
            `INSERT INTO projects (kind, title, status, completed_on, geom)
             SELECT 'charging', 'site', 'completed', CURRENT_DATE, ST_SetSRID(ST_MakePoint($1 + s.x, 50 + s.y), 4326)
               FROM json_to_recordset($2::json) AS s(x float8, y float8)`,
            [lon, JSON.stringify(sites)],
          );
          const ratios: (number | null)[] = [];
          for (const r of [...radii].sort((a, b) => a - b)) ratios.push(await ratioAt(area, r));
          const total = compounds.reduce((n, c) => n + c.households, 0);
          if (total === 0) return ratios.every((r) => r === null);
          return ratios.every((r, i) => r !== null && r >= 0 && r <= 1 && (i === 0 || r >= ratios[i - 1]!));
        },
      ),
      { numRuns: 12, seed: 20_261_124 },
    );
  });
});

describe('a compound on a boundary', () => {
  it('counts once, in the area that holds its point on surface', async () => {
    const district = await newArea('T-EDGE', null, [110, 45, 110.1, 45.1]);
    const west = await newArea('T-EDGE-W', district, [110, 45, 110.05, 45.1]);
    const east = await newArea('T-EDGE-E', district, [110.05, 45, 110.1, 45.1]);
    // 0.005° of it lies west of the boundary at 110.05 and 0.002° east: its point on surface is west.
    await app.db.pool.query(
      `INSERT INTO compounds (name, households, year_built, geom) VALUES ('跨界小区', 500, 1995, ST_MakeEnvelope(110.045, 45.05, 110.052, 45.052, 4326))`,
    );
    const households = async (area: number) => (await app.inject(`/api/coverage?area=${area}&kind=charging`)).json().denominator;
    expect(await households(west)).toBe(500);
    expect(await households(east)).toBe(0);
    expect(await households(district)).toBe(500);
  });
});
