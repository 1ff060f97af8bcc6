import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../server/src/db/transaction.js';
import { startTestApp } from '../helpers/app.js';

/**
 * A transaction that fails must leave nothing behind, on either database:
 * not its writes, and not its connection's state. On the embedded database
 * a parameterized statement failing inside a transaction once left one reply
 * too many on its connection, so the statements after it read each other's
 * results.
 */
let app: FastifyInstance;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('a transaction that fails', () => {
  it('writes nothing and leaves every later statement its own reply', async () => {
    const before = await app.db.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM units');
    for (let i = 0; i < 3; i++) {
      await expect(
        withTransaction(app.db.pool, async (client) => {
          await client.query(`INSERT INTO units (name, name_en) VALUES ($1, $1)`, [`失败事务测试 ${i}`]);
          await client.query('SELECT now() AT TIME ZONE $1', ['Mars/Olympus_Mons']);
        }),
      ).rejects.toThrow(/time zone/);
      for (const n of [1, 2, 3]) {
        const { rows } = await app.db.pool.query<{ n: number }>('SELECT $1::integer AS n', [n]);
        expect(rows).toEqual([{ n }]);
      }
      const inside = await withTransaction(app.db.pool, (client) => client.query<{ n: number }>('SELECT $1::integer AS n', [7]));
      expect(inside.rows).toEqual([{ n: 7 }]);
    }
    const after = await app.db.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM units');
    expect(after.rows).toEqual(before.rows);
  });
});
