import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notLoggedIn } from '../domain/errors.js';
import { CAPABILITIES, ROLES, type Capability } from '../domain/roles.js';
import { LoginBody, type SessionUser } from '../domain/user.js';
import { DEFAULT_DEMO_PASSWORD } from '../config.js';
import { demoUsernames } from '../queries/users.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../plugins/auth.js';
import { logIn, logOut, type LoginGuard } from '../services/sessions.js';
import { errorResponses } from './errorResponses.js';

const Me = Type.Object({
  user: Type.Object({
    id: Type.Integer(),
    username: Type.String(),
    display_name: Type.String(),
    role: Type.Enum(ROLES),
    unit_id: Type.Union([Type.Integer(), Type.Null()]),
    unit_name: Type.Union([Type.String(), Type.Null()]),
  }),
  capabilities: Type.Array(Type.String()),
  csrfToken: Type.String({ description: `send it back in the x-csrf-token header of every write` }),
});

function meOf(user: SessionUser, csrfToken: string) {
  return {
    user: {
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      unit_id: user.unitId,
      unit_name: user.unitName,
    },
    capabilities: (Object.keys(CAPABILITIES) as Capability[]).filter((c) => (CAPABILITIES[c] as readonly string[]).includes(user.role)),
    csrfToken,
  };
}

const DemoAccounts = Type.Object({
  accounts: Type.Array(Type.Object({ username: Type.String(), role: Type.Enum(ROLES) })),
  password: Type.Union([Type.String(), Type.Null()], {
    description: 'the demo password when it is the documented default; null when the operator set DEMO_PASSWORD',
  }),
});

export function authRoutes(guard: LoginGuard, demoPassword: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/auth/demo-accounts',
      {
        schema: {
          summary: 'The demo accounts the login page offers, while the database holds the demo data (empty otherwise)',
          tags: ['auth'],
          response: { 200: DemoAccounts, ...errorResponses() },
        },
      },
      async () => {
        const accounts = await demoUsernames(app.db.pool);
        // A password the operator chose is theirs to hand out; only the published default is shown.
        return { accounts, password: accounts.length > 0 && demoPassword === DEFAULT_DEMO_PASSWORD ? demoPassword : null };
      },
    );

    app.post(
      '/api/auth/login',
      {
        schema: {
          summary: 'Log in: sets an HttpOnly session cookie; answers the user and the CSRF token',
          tags: ['auth'],
          body: LoginBody,
          response: { 200: Me, ...errorResponses(401, 413, 415) },
        },
      },
      async (request, reply) => {
        // A login replaces whatever session the browser held.
        const previous = sessionToken(request);
        if (previous) await logOut(app.db.pool, previous);
        const session = await logIn(app.db.pool, guard, request.body, request.ip);
        request.log.info({ username: session.user.username, role: session.user.role }, 'logged in');
        setSessionCookie(reply, session.token);
        return meOf(session.user, session.csrfToken);
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { summary: 'Log out: ends the session on the server', tags: ['auth'], response: { 204: Type.Null({ description: 'logged out' }), ...errorResponses(403) } } },
      async (request, reply) => {
        const token = sessionToken(request);
        if (token) await logOut(app.db.pool, token);
        clearSessionCookie(reply);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/me',
      { schema: { summary: 'The logged-in user, their capabilities and CSRF token; 401 when not logged in', tags: ['auth'], response: { 200: Me, ...errorResponses(401) } } },
      async (request) => {
        if (!request.user || !request.csrfToken) throw notLoggedIn();
        return meOf(request.user, request.csrfToken);
      },
    );
  };
}
