import type pg from 'pg';
import type { Role } from '../domain/roles.js';

type Queryable = pg.Pool | pg.PoolClient;

export interface SessionRow {
  user_id: number;
  username: string;
  display_name: string;
  role: Role;
  unit_id: number | null;
  unit_name: string | null;
  csrf_token: string;
  last_seen_at: Date;
}

export async function insertSession(
  db: Queryable,
  s: { tokenHash: string; userId: number; csrfToken: string; lifetimeSeconds: number },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [s.tokenHash, s.userId, s.csrfToken, s.lifetimeSeconds],
  );
}

/** The live session of a token hash with its user; none when expired, ended or the user is disabled. */
export async function liveSession(db: Queryable, tokenHash: string): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `SELECT s.user_id, u.username, u.display_name, u.role, u.unit_id, un.name AS unit_name,
            s.csrf_token, s.last_seen_at
       FROM sessions s
       JOIN users u ON u.id = s.user_id
       LEFT JOIN units un ON un.id = u.unit_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
    [tokenHash],
  );
  return rows[0];
}

/** Slides an idle session's end forward: it lives while it is used. */
export async function extendSession(db: Queryable, tokenHash: string, lifetimeSeconds: number): Promise<void> {
  await db.query(
    `UPDATE sessions SET last_seen_at = now(), expires_at = now() + make_interval(secs => $2)
      WHERE token_hash = $1`,
    [tokenHash, lifetimeSeconds],
  );
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteSessionsOfUser(db: Queryable, userId: number): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

export async function deleteExpiredSessions(db: Queryable): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM sessions WHERE expires_at <= now()');
  return rowCount ?? 0;
}
