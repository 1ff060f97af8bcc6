import type pg from 'pg';

type Queryable = pg.Pool | pg.PoolClient;

export interface ThrottleRow {
  key: string;
  failures: number;
  /** Milliseconds until the window (or the lock) ends. */
  ms_left: number;
}

/** The counts of these keys whose window has not ended. */
export async function liveThrottles(db: Queryable, keys: string[]): Promise<ThrottleRow[]> {
  const { rows } = await db.query<ThrottleRow>(
    `SELECT key, failures, (extract(epoch FROM window_ends_at - now()) * 1000)::float8 AS ms_left
       FROM login_throttles WHERE key = ANY ($1::text[]) AND window_ends_at > now()`,
    [keys],
  );
  return rows;
}

/**
 * Counts one failure against a key: a key whose window ended starts a new
 * one; the failure that reaches `limit` locks the key for a whole window from now.
 */
export async function countFailure(db: Queryable, key: string, limit: number, windowSeconds: number): Promise<void> {
  await db.query(
    `INSERT INTO login_throttles AS t (key, failures, window_ends_at)
     VALUES ($1, 1, now() + make_interval(secs => $3))
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.window_ends_at <= now() THEN 1 ELSE t.failures + 1 END,
       window_ends_at = CASE
         WHEN t.window_ends_at <= now() OR t.failures + 1 >= $2 THEN now() + make_interval(secs => $3)
         ELSE t.window_ends_at END`,
    [key, limit, windowSeconds],
  );
}

export async function clearThrottle(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM login_throttles WHERE key = $1', [key]);
}

/** Counts whose window ended: nothing is locked by them any more. */
export async function deleteEndedThrottles(db: Queryable): Promise<void> {
  await db.query('DELETE FROM login_throttles WHERE window_ends_at <= now()');
}
