import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keepVacuumed, vacuumWhereDue } from '../../server/src/db/vacuum.js';
import { startTestApp } from '../helpers/app.js';

/**
 * The embedded database has no autovacuum worker, so the server vacuums the
 * tables past autovacuum's thresholds itself. A table of our own, with
 * autovacuum off (a PostgreSQL server's daemon must not do the work first),
 * gets thousands of dead rows; the upkeep must find it and reclaim them.
 */
let app: FastifyInstance;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.db.pool.query('DROP TABLE IF EXISTS vacuum_probe');
  await app.close();
});

interface ProbeStats {
  dead: number;
  vacuums: number;
}

async function probeStats(): Promise<ProbeStats> {
  const { rows } = await app.db.pool.query<ProbeStats>(
    `SELECT n_dead_tup::integer AS dead, (vacuum_count + autovacuum_count)::integer AS vacuums
       FROM pg_stat_user_tables WHERE relname = 'vacuum_probe'`,
  );
  return rows[0] ?? { dead: 0, vacuums: 0 };
}

/** 5,000 rows, each updated twice: 10,000 dead row versions, counted once the statistics reach shared memory. */
async function tableWithDeadRows(): Promise<void> {
  const client = await app.db.pool.connect();
  try {
    await client.query('DROP TABLE IF EXISTS vacuum_probe');
    await client.query('CREATE TABLE vacuum_probe (id integer PRIMARY KEY, v integer) WITH (autovacuum_enabled = false)');
    await client.query('INSERT INTO vacuum_probe SELECT i, i FROM generate_series(1, 5000) i');
    await client.query('UPDATE vacuum_probe SET v = v + 1');
    await client.query('UPDATE vacuum_probe SET v = v + 1');
    await client.query('SELECT pg_stat_force_next_flush()');
  } finally {
    client.release();
  }
  await expect.poll(async () => (await probeStats()).dead, { timeout: 10_000 }).toBeGreaterThanOrEqual(10_000);
}

describe('the upkeep autovacuum would do', () => {
  beforeEach(tableWithDeadRows);

  it('vacuums a table past the thresholds and reclaims its dead rows', async () => {
    const before = await probeStats();
    const done = await vacuumWhereDue(app.db.pool);
    expect(done).toContainEqual({ table: 'public.vacuum_probe', action: 'vacuum' });
    await expect.poll(probeStats, { timeout: 10_000 }).toEqual({ dead: 0, vacuums: before.vacuums + 1 });
    // Nothing is due any more on that table.
    expect((await vacuumWhereDue(app.db.pool)).map((d) => d.table)).not.toContain('public.vacuum_probe');
  });

  it('runs on its own schedule until stopped, and says what it did', async () => {
    const said: string[] = [];
    const upkeep = keepVacuumed(app.db.pool, { info: (m) => said.push(m), warn: (_, m) => said.push(m) }, 50);
    try {
      await expect.poll(async () => (await probeStats()).dead, { timeout: 10_000 }).toBe(0);
    } finally {
      await upkeep.stop();
    }
    expect(said.join('\n')).toContain('vacuum public.vacuum_probe');
  });
});
