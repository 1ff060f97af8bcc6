import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { DEFAULT_DEMO_PASSWORD } from '../../server/src/config.js';
import { connectDatabase } from '../../server/src/db/database.js';
import { SESSION_COOKIE } from '../../server/src/plugins/auth.js';
import { usernameKey } from '../../server/src/domain/user.js';
import { hashToken } from '../../server/src/services/sessions.js';
import { inject } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { DEMO_USERNAME, loginAs, sessionCookieOf } from '../helpers/auth.js';
import { pointFeature, projectTableCounts } from '../helpers/fixtures.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const login = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const withCookie = (token: string, extra: Record<string, string> = {}) => ({ cookie: `${SESSION_COOKIE}=${token}`, ...extra });

describe('logging in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and answers the user, capabilities and CSRF token', async () => {
    const response = await login('demo-planner', DEFAULT_DEMO_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE && c.value !== '')!;
    // Sent with API requests only: tiles and the app's files go without it, for shared caches.
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api' });
    // A cookie from before, on the whole site, is cleared.
    expect(response.cookies.filter((c) => c.name === SESSION_COOKIE && c.value === '').map((c) => c.path)).toEqual(['/']);
    // Over plain http (loopback) the cookie cannot be Secure; behind https it is (secure: 'auto').
    expect(cookie.secure).toBeFalsy();
    const body = response.json();
    expect(body.user).toMatchObject({ username: 'demo-planner', role: 'planner', unit_id: null });
    expect(body.capabilities).toEqual(expect.arrayContaining(['createProject', 'editProject']));
    expect(body.capabilities).not.toContain('manageUsers');
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    expect(JSON.stringify(body)).not.toMatch(/argon2|password/);
  });

  it('stores only a hash of the session token', async () => {
    const token = sessionCookieOf(await login('demo-leader', DEFAULT_DEMO_PASSWORD));
    const { rows } = await app.db.pool.query('SELECT token_hash FROM sessions WHERE token_hash = $1 OR token_hash = $2', [token, hashToken(token)]);
    expect(rows).toEqual([{ token_hash: hashToken(token) }]);
  });

  it('takes the username in any case', async () => {
    expect((await login('DEMO-Planner', DEFAULT_DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const wrong = await login('demo-unit', 'not the password');
    const unknown = await login('nobody-at-all', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message_zh: '用户名或密码错误' });
  });

  it('names the field of a malformed login', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'demo-unit' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('/password');
  });
});

describe('the session', () => {
  it('ends at logout: the same cookie replayed gets 401 on reads and writes', async () => {
    const s = await loginAs(app, 'planner');
    expect((await s.inject('/api/me')).statusCode).toBe(200);
    const logout = await s.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(logout.statusCode).toBe(204);
    // The browser drops the cookie, and one from before on the whole site.
    const cleared = logout.cookies.filter((c) => c.name === SESSION_COOKIE);
    expect(cleared.map((c) => [c.path, c.value, c.maxAge ?? (c.expires as Date | undefined)?.getTime()])).toEqual([
      ['/api', '', 0],
      ['/', '', 0],
    ]);
    expect((await s.inject('/api/me')).statusCode).toBe(401);
    const before = await projectTableCounts(app);
    const write = await s.inject({ method: 'POST', url: '/api/projects', payload: pointFeature({ kind: 'drainage', title: '登出后' }) });
    expect(write.statusCode).toBe(401);
    expect(await projectTableCounts(app)).toEqual(before);
    const { rowCount } = await app.db.pool.query('SELECT 1 FROM sessions WHERE token_hash = $1', [hashToken(s.token)]);
    expect(rowCount).toBe(0);
  });

  it('refuses a cookie-authenticated write without the CSRF token, or with another session’s, and stores nothing', async () => {
    const s = await loginAs(app, 'planner');
    const other = await loginAs(app, 'planner');
    const before = await projectTableCounts(app);
    const payload = pointFeature({ kind: 'drainage', title: '跨站请求' });
    for (const headers of [withCookie(s.token), withCookie(s.token, { 'x-csrf-token': other.csrfToken }), withCookie(s.token, { 'x-csrf-token': '' })]) {
      const response = await app.inject({ method: 'POST', url: '/api/projects', payload, headers });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('CSRF_TOKEN_INVALID');
    }
    expect(await projectTableCounts(app)).toEqual(before);
    const ok = await app.inject({ method: 'POST', url: '/api/projects', payload, headers: withCookie(s.token, { 'x-csrf-token': s.csrfToken }) });
    expect(ok.statusCode).toBe(201);
  });

  it('ends when it expires', async () => {
    const s = await loginAs(app, 'leader');
    await app.db.pool.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [hashToken(s.token)]);
    expect((await s.inject('/api/me')).statusCode).toBe(401);
  });

  it('a forged cookie is nobody', async () => {
    expect((await app.inject({ url: '/api/me', headers: withCookie('forged-token-value') })).statusCode).toBe(401);
  });

  it('ends every session of a user whose password an admin changes, or whom an admin disables', async () => {
    const admin = await loginAs(app, 'admin');
    const created = await admin.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'session-victim', display_name: '会话测试', password: 'first-password', role: 'leader' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const victim = await loginAs(app, 'leader', { username: 'session-victim', password: 'first-password' });
    await admin.inject({ method: 'PATCH', url: `/api/users/${id}`, payload: { password: 'second-password' } });
    expect((await victim.inject('/api/me')).statusCode).toBe(401);
    expect((await login('session-victim', 'first-password')).statusCode).toBe(401);
    const again = await loginAs(app, 'leader', { username: 'session-victim', password: 'second-password' });
    await admin.inject({ method: 'PATCH', url: `/api/users/${id}`, payload: { disabled: true } });
    expect((await again.inject('/api/me')).statusCode).toBe(401);
    expect((await login('session-victim', 'second-password')).statusCode).toBe(401);
  });
});

describe('brute force', () => {
  // Apps of their own, from addresses of their own, so the lock-out does not spill into the other tests.
  const LIMITS = { perUsername: 5, perAddress: 8, windowSeconds: 600 };
  const guardedApps: FastifyInstance[] = [];
  async function guardedApp(): Promise<FastifyInstance> {
    const db = connectDatabase(inject('databaseUrl'), inject('databaseKind'), 2);
    const started = await buildApp({ db, timeZone: 'Asia/Shanghai', clientDir: '/nonexistent', loginLimits: LIMITS });
    started.addHook('onClose', async () => db.close());
    guardedApps.push(started);
    return started;
  }
  // The counts live in the database, where the other tests' failed logins count too: start from none, and leave none.
  const clearCounts = () => app.db.pool.query(`DELETE FROM login_throttles WHERE key LIKE 'addr:198.51.100.%' OR key LIKE 'user:demo-%'`);
  let guarded: FastifyInstance;
  beforeAll(async () => {
    await clearCounts();
    guarded = await guardedApp();
  });
  afterAll(async () => {
    await Promise.all(guardedApps.map((a) => a.close()));
    await clearCounts();
  });
  const attempt = (username: string, password: string, address = '198.51.100.1', on = guarded) =>
    on.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: address });

  it('locks a username after five failures, even against the right password, with Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('demo-unit', `guess-${i}`)).statusCode).toBe(401);
    const locked = await attempt('demo-unit', DEFAULT_DEMO_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(600);
  });

  it('keeps the lock across a restart of the server (the count is in the database)', async () => {
    const restarted = await guardedApp();
    expect((await attempt('demo-unit', DEFAULT_DEMO_PASSWORD, '198.51.100.2', restarted)).statusCode).toBe(429);
  });

  it('locks an address that guesses across usernames', async () => {
    // Three more failures from the same address (8 in all) reach the address limit.
    for (const name of ['a1', 'a2', 'a3']) expect((await attempt(name, 'x')).statusCode).toBe(401);
    expect((await attempt(DEMO_USERNAME.leader, DEFAULT_DEMO_PASSWORD)).statusCode).toBe(429);
  });

  it('counts every spelling of a name against the one lock, and no look-alike opens it', async () => {
    const spellings = ['DEMO-ADMIN', 'Demo-Admin', 'ｄｅｍｏ－ａｄｍｉｎ', 'demo-admin'];
    for (const [i, name] of spellings.entries()) expect((await attempt(name, `guess-${i}`, `198.51.100.${10 + i}`)).statusCode).toBe(401);
    // The fifth failure, under a full-width twin, locks the name for every spelling.
    expect((await attempt('ＤＥＭＯ-admin', 'guess-4', '198.51.100.20')).statusCode).toBe(401);
    for (const name of spellings) expect((await attempt(name, DEFAULT_DEMO_PASSWORD, '198.51.100.21')).statusCode).toBe(429);
    // Look-alikes that Unicode case mapping would fold onto the name are other names, which do not exist.
    for (const twin of ['demo-admİn', 'demo-admın']) {
      expect((await attempt(twin, DEFAULT_DEMO_PASSWORD, '198.51.100.22')).statusCode).toBe(401);
    }
  });
});

describe('the username key', () => {
  it("is what the database's lower() makes of every character a username may hold", async () => {
    const allowed = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-';
    const { rows } = await app.db.pool.query<{ lowered: string }>('SELECT lower($1) AS lowered', [allowed]);
    expect(rows[0]!.lowered).toBe(usernameKey(allowed));
  });
});

describe('behind a reverse proxy', () => {
  const forwarded = { 'x-forwarded-for': '198.51.100.77', 'x-forwarded-proto': 'https' };
  async function appBehind(trustProxy: string[] | undefined): Promise<FastifyInstance> {
    const db = connectDatabase(inject('databaseUrl'), inject('databaseKind'), 2);
    const started = await buildApp({ db, timeZone: 'Asia/Shanghai', clientDir: '/nonexistent', trustProxy });
    started.addHook('onClose', async () => db.close());
    return started;
  }
  const clear = () => app.db.pool.query(`DELETE FROM login_throttles WHERE key IN ('addr:198.51.100.77', 'addr:127.0.0.1', 'user:nobody-here')`);
  afterAll(clear);

  it('counts failed logins against the client the trusted proxy names, and marks the cookie Secure over https', async () => {
    await clear();
    const proxied = await appBehind(['127.0.0.1']);
    try {
      await proxied.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'x' }, headers: forwarded });
      const { rows } = await app.db.pool.query<{ key: string }>(`SELECT key FROM login_throttles WHERE key LIKE 'addr:%' AND key IN ('addr:198.51.100.77', 'addr:127.0.0.1')`);
      expect(rows.map((r) => r.key)).toEqual(['addr:198.51.100.77']);
      const ok = await proxied.inject({ method: 'POST', url: '/api/auth/login', payload: { username: DEMO_USERNAME.leader, password: DEFAULT_DEMO_PASSWORD }, headers: forwarded });
      expect(ok.cookies.find((c) => c.name === SESSION_COOKIE && c.value !== '')!.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('believes no forwarded header from a client that is not a configured proxy', async () => {
    await clear();
    const direct = await appBehind(undefined);
    try {
      await direct.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'x' }, headers: forwarded });
      const { rows } = await app.db.pool.query<{ key: string }>(`SELECT key FROM login_throttles WHERE key IN ('addr:198.51.100.77', 'addr:127.0.0.1')`);
      expect(rows.map((r) => r.key)).toEqual(['addr:127.0.0.1']);
      const ok = await direct.inject({ method: 'POST', url: '/api/auth/login', payload: { username: DEMO_USERNAME.leader, password: DEFAULT_DEMO_PASSWORD }, headers: forwarded });
      expect(ok.cookies.find((c) => c.name === SESSION_COOKIE && c.value !== '')!.secure).toBeFalsy();
    } finally {
      await direct.close();
    }
  });
});
