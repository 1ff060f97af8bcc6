import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { notAllowed, notLoggedIn, RequestRefusedError } from '../domain/errors.js';
import { can, type Capability } from '../domain/roles.js';
import type { SessionUser } from '../domain/user.js';
import { resolveSession, SESSION_IDLE_SECONDS } from '../services/sessions.js';

export const SESSION_COOKIE = 'minsheng_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in user, or null for the public. */
    user: SessionUser | null;
    /** The session's CSRF token; null without a session. */
    csrfToken: string | null;
  }
  interface FastifyInstance {
    /**
     * A route's onRequest hook that lets through only users whose role has the
     * capability: 401 without login, 403 without the role. It runs before the
     * body is read or validated, so a refused caller learns nothing about the input.
     */
    authorize(capability: Capability): onRequestAsyncHookHandler;
    /** A route's onRequest hook that lets through any logged-in user. */
    requireLogin: onRequestAsyncHookHandler;
  }
}

/**
 * Where the browser sends the session cookie: the API only, the one place it
 * is read. Tiles, OGC features, the app's files and the docs are asked for
 * without it, so that a shared cache in front of the server (which passes
 * by requests carrying a cookie) can serve a logged-in planner's tiles too.
 */
export const SESSION_COOKIE_PATH = '/api';

/** Paths whose requests may carry a session: the API. Static files and the embed never need one, nor read a cookie from before. */
const SESSION_PATHS = [`${SESSION_COOKIE_PATH}/`];

/**
 * The path sessions were set on before: cleared at each login and logout, so
 * that a cookie from then cannot outlive its replacement or a logout.
 */
const EARLIER_COOKIE_PATH = '/';

const COOKIE_FLAGS = { httpOnly: true, sameSite: 'lax', secure: 'auto' } as const;

/** Writes that need no CSRF token: logging in replaces whatever session the cookie held. */
const CSRF_EXEMPT = new Set(['/api/auth/login']);

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const csrfRefused = () =>
  new RequestRefusedError(
    403,
    'CSRF_TOKEN_INVALID',
    `a write with a session cookie needs the ${CSRF_HEADER} header from GET /api/me`,
    '请求缺少有效的防跨站令牌,请刷新页面后重试',
  );

export function setSessionCookie(reply: FastifyReply, token: string): void {
  // Lax: the cookie goes along when a link to the app is followed, never on
  // another site's form posts or fetches, nor into an iframe on a news page.
  reply.setCookie(SESSION_COOKIE, token, { ...COOKIE_FLAGS, path: SESSION_COOKIE_PATH, maxAge: SESSION_IDLE_SECONDS });
  reply.clearCookie(SESSION_COOKIE, { ...COOKIE_FLAGS, path: EARLIER_COOKIE_PATH });
}

export function clearSessionCookie(reply: FastifyReply): void {
  for (const path of [SESSION_COOKIE_PATH, EARLIER_COOKIE_PATH]) reply.clearCookie(SESSION_COOKIE, { ...COOKIE_FLAGS, path });
}

export function sessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}

/**
 * Who is asking: reads the session cookie on API requests, sets `request.user`,
 * and refuses cookie-authenticated writes without the session's CSRF token.
 */
export const authPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(cookie);
    app.decorateRequest('user', null);
    app.decorateRequest('csrfToken', null);

    app.addHook('onRequest', async (request) => {
      const token = sessionToken(request);
      if (!token || !SESSION_PATHS.some((p) => request.url.startsWith(p))) return;
      const session = await resolveSession(app.db.pool, token);
      if (!session) return;
      request.user = session.user;
      request.csrfToken = session.csrfToken;
      const path = request.url.split('?')[0]!;
      if (UNSAFE_METHODS.has(request.method) && !CSRF_EXEMPT.has(path)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) throw csrfRefused();
      }
    });

    app.decorate('authorize', (capability: Capability): onRequestAsyncHookHandler => {
      return async (request) => {
        if (!request.user) throw notLoggedIn();
        if (!can(request.user.role, capability)) throw notAllowed(CAPABILITY_WORDS[capability].en, CAPABILITY_WORDS[capability].zh);
      };
    });
    app.decorate('requireLogin', async (request: FastifyRequest) => {
      if (!request.user) throw notLoggedIn();
    });
  },
  { name: 'auth', dependencies: ['errors'] },
);

const CAPABILITY_WORDS: Record<Capability, { en: string; zh: string }> = {
  readPrivate: { en: 'read private fields', zh: '查看非公开信息' },
  createProject: { en: 'create projects', zh: '新建项目' },
  editProject: { en: 'edit projects', zh: '编辑项目' },
  deleteProject: { en: 'delete projects', zh: '删除项目' },
  uploadPhoto: { en: 'upload photos', zh: '上传照片' },
  importLedger: { en: 'import ledgers', zh: '导入台账' },
  readDashboard: { en: 'read the dashboard', zh: '查看督办看板' },
  exportReports: { en: 'export reports', zh: '导出报表' },
  manageUsers: { en: 'manage users', zh: '管理用户' },
  manageUnits: { en: 'manage responsible units', zh: '管理责任单位' },
  manageReferenceLayers: { en: 'import reference layers', zh: '导入参考图层' },
  manageApiKeys: { en: 'issue API keys', zh: '管理接口密钥' },
  manageAreas: { en: 'manage areas', zh: '管理行政区域' },
};
