import type pg from 'pg';

/** Runs `work` in one transaction on one connection: all of it is written, or none. */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    releaseConnection(client, failed);
  }
}

/**
 * Gives a connection back to the pool, or closes it after a failure. On the
 * embedded database, a parameterized statement that fails inside a
 * transaction leaves one reply too many on its connection (pglite-socket
 * hands PGlite each protocol message by itself): every later statement on
 * that connection would read the reply meant for the one before it. A closed connection takes the extra reply
 * with it, and the pool opens a fresh one. pg's own pool.query() closes a
 * connection after any error in the same way.
 */
export function releaseConnection(client: pg.PoolClient, failed: boolean): void {
  client.release(failed);
}
