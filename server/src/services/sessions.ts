import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { RequestRefusedError } from '../domain/errors.js';
import { verifyAgainstDecoy, verifyPassword } from '../domain/password.js';
import { usernameKey, type SessionUser } from '../domain/user.js';
import { clearThrottle, countFailure, deleteEndedThrottles, liveThrottles } from '../queries/loginThrottles.js';
import { deleteExpiredSessions, deleteSession, extendSession, insertSession, liveSession } from '../queries/sessions.js';
import { userForLogin } from '../queries/users.js';

/** A session ends after this long unused (a working day and a half)… */
export const SESSION_IDLE_SECONDS = 12 * 3600;
/** …and a used session's end is moved forward at most this often, not on every request. */
const EXTEND_AFTER_MS = 5 * 60_000;

export interface LoginLimits {
  /** Failed logins per username before it is locked for `windowSeconds`. */
  perUsername: number;
  /** Failed logins per client address before it is locked for `windowSeconds`. */
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUsername: 5, perAddress: 30, windowSeconds: 15 * 60 };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const newToken = () => randomBytes(32).toString('base64url');

/**
 * Counts failed logins per username and per address, in the database: a lock
 * holds across a restart and for every server sharing the database.
 * Successful logins cost nothing, so a user who types the right password is
 * never slowed by others, and guessing stops after a few tries. A username is
 * counted under its key (usernameKey), the same form the lookup compares, so
 * no spelling of a name escapes its lock.
 */
export class LoginGuard {
  constructor(
    private readonly db: pg.Pool,
    private readonly limits: LoginLimits,
  ) {}

  private keys(username: string, address: string) {
    return { user: `user:${usernameKey(username)}`, address: `addr:${address}` };
  }

  /** Refuses with 429 while either counter is used up. */
  async check(username: string, address: string): Promise<void> {
    const keys = this.keys(username, address);
    const live = await liveThrottles(this.db, [keys.user, keys.address]);
    const limitOf = (key: string) => (key === keys.user ? this.limits.perUsername : this.limits.perAddress);
    const waitMs = Math.max(0, ...live.filter((t) => t.failures >= limitOf(t.key)).map((t) => t.ms_left));
    if (waitMs > 0) {
      throw new RequestRefusedError(
        429,
        'TOO_MANY_LOGIN_ATTEMPTS',
        `too many failed logins; try again in ${Math.ceil(waitMs / 60_000)} minutes`,
        `登录失败次数过多,请 ${Math.ceil(waitMs / 60_000)} 分钟后再试`,
        {},
        waitMs / 1000,
      );
    }
  }

  async failed(username: string, address: string): Promise<void> {
    const keys = this.keys(username, address);
    await countFailure(this.db, keys.user, this.limits.perUsername, this.limits.windowSeconds);
    await countFailure(this.db, keys.address, this.limits.perAddress, this.limits.windowSeconds);
  }

  async succeeded(username: string): Promise<void> {
    await clearThrottle(this.db, this.keys(username, '').user);
  }
}

const badCredentials = () =>
  new RequestRefusedError(401, 'INVALID_CREDENTIALS', 'the username or password is wrong', '用户名或密码错误');

export interface StartedSession {
  token: string;
  csrfToken: string;
  user: SessionUser;
}

/** Checks the password and opens a session. Unknown user and wrong password look the same. */
export async function logIn(
  db: pg.Pool,
  guard: LoginGuard,
  credentials: { username: string; password: string },
  address: string,
): Promise<StartedSession> {
  await guard.check(credentials.username, address);
  const user = await userForLogin(db, usernameKey(credentials.username));
  const ok = user && !user.disabled ? await verifyPassword(user.password_hash, credentials.password) : await verifyAgainstDecoy(credentials.password);
  if (!ok || !user) {
    await guard.failed(credentials.username, address);
    throw badCredentials();
  }
  await guard.succeeded(credentials.username);
  // Logins are rare enough to sweep out the sessions and failure counts that ended by expiring.
  await deleteExpiredSessions(db);
  await deleteEndedThrottles(db);
  const token = newToken();
  const csrfToken = newToken();
  await insertSession(db, { tokenHash: hashToken(token), userId: user.id, csrfToken, lifetimeSeconds: SESSION_IDLE_SECONDS });
  return {
    token,
    csrfToken,
    user: { id: user.id, username: user.username, displayName: user.display_name, role: user.role, unitId: user.unit_id, unitName: user.unit_name },
  };
}

export async function logOut(db: pg.Pool, token: string): Promise<void> {
  await deleteSession(db, hashToken(token));
}

/** The user and CSRF token of a session cookie's token, or undefined when it is not a live session. */
export async function resolveSession(db: pg.Pool, token: string): Promise<{ user: SessionUser; csrfToken: string } | undefined> {
  const tokenHash = hashToken(token);
  const row = await liveSession(db, tokenHash);
  if (!row) return undefined;
  if (Date.now() - row.last_seen_at.getTime() > EXTEND_AFTER_MS) await extendSession(db, tokenHash, SESSION_IDLE_SECONDS);
  return {
    user: { id: row.user_id, username: row.username, displayName: row.display_name, role: row.role, unitId: row.unit_id, unitName: row.unit_name },
    csrfToken: row.csrf_token,
  };
}
