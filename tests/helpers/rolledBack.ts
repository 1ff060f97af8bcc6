import type pg from 'pg';
import { releaseConnection } from '../../server/src/db/transaction.js';

/**
 * Runs `test` in a transaction that is rolled back whatever happens: for
 * tests that change tables freely, far from what other test files read.
 * The connection is closed afterwards, not pooled again, in case a statement
 * failed in it (see releaseConnection).
 */
export async function inRolledBackTransaction(pool: pg.Pool, test: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await test(client);
  } finally {
    await client.query('ROLLBACK');
    releaseConnection(client, true);
  }
}
