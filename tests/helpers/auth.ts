import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { DEFAULT_DEMO_PASSWORD } from '../../server/src/config.js';
import type { Role } from '../../server/src/domain/roles.js';
import { SESSION_COOKIE } from '../../server/src/plugins/auth.js';

/** The demo data's account of each role; their password is DEFAULT_DEMO_PASSWORD. */
export const DEMO_USERNAME: Record<Role, string> = {
  admin: 'demo-admin',
  planner: 'demo-planner',
  unit: 'demo-unit',
  leader: 'demo-leader',
};

export interface TestSession {
  role: Role;
  userId: number;
  unitId: number | null;
  /** The raw session token, as the cookie carries it. */
  token: string;
  csrfToken: string;
  /** app.inject with this session's cookie and CSRF header. */
  inject(options: InjectOptions | string): Promise<LightMyRequestResponse>;
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  // The session's own cookie; the response also clears one on the path sessions had before.
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE && c.value !== '');
  if (!cookie) throw new Error(`no ${SESSION_COOKIE} cookie in the response (status ${response.statusCode})`);
  return cookie.value;
}

/** Logs in as the demo account of a role (or given credentials), like a browser would. */
export async function loginAs(
  app: FastifyInstance,
  role: Role,
  credentials = { username: DEMO_USERNAME[role], password: DEFAULT_DEMO_PASSWORD },
): Promise<TestSession> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: credentials });
  if (response.statusCode !== 200) throw new Error(`login as ${credentials.username} failed: ${response.statusCode} ${response.body}`);
  const token = sessionCookieOf(response);
  const me = response.json<{ user: { id: number; unit_id: number | null }; csrfToken: string }>();
  return {
    role,
    userId: me.user.id,
    unitId: me.user.unit_id,
    token,
    csrfToken: me.csrfToken,
    inject: (options) => {
      const o: InjectOptions = typeof options === 'string' ? { url: options } : options;
      return app.inject({ ...o, headers: { ...o.headers, cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': me.csrfToken } });
    },
  };
}
