import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { STATUS_CODES } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import { DEFAULT_DEMO_PASSWORD, DEFAULT_MAP_TILE_THRESHOLD, ROOT_DIR, type BasemapConfig } from './config.js';
import type { Database } from './db/database.js';
import { todayIn } from './domain/dates.js';
import { authPlugin } from './plugins/auth.js';
import { errorsPlugin } from './plugins/errors.js';
import { jsonBodyPlugin } from './plugins/jsonBody.js';
import { parseQueryString } from './plugins/querystring.js';
import { publicCorsPlugin } from './plugins/publicCors.js';
import { securityHeadersPlugin, setSecurityHeaders } from './plugins/securityHeaders.js';
import { validatorCompiler } from './plugins/validation.js';
import { areaRoutes } from './routes/areas.js';
import { areaImportRoutes } from './routes/areaImports.js';
import { authRoutes } from './routes/auth.js';
import { clientConfigRoutes } from './routes/clientConfig.js';
import { onboardingRoutes } from './routes/onboarding.js';
import { coverageRoutes } from './routes/coverage.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { embedRoutes } from './routes/embed.js';
import { gapRoutes } from './routes/gaps.js';
import { layerRoutes } from './routes/layers.js';
import { healthRoutes } from './routes/health.js';
import { kindRoutes } from './routes/kinds.js';
import { loopRoutes } from './routes/loop.js';
import { ogcRoutes } from './routes/ogc.js';
import { open311Routes } from './routes/open311.js';
import { importRoutes } from './routes/imports.js';
import { listImportRoutes } from './routes/listImports.js';
import { apiKeyRoutes } from './routes/apiKeys.js';
import { projectCountRoutes } from './routes/projectCounts.js';
import { projectRoutes } from './routes/projects.js';
import { tileRoutes } from './routes/tiles.js';
import { unitRoutes } from './routes/units.js';
import { userRoutes } from './routes/users.js';
import { weeklyReportRoutes } from './routes/weeklyReport.js';
import { DEFAULT_LOGIN_LIMITS, LoginGuard, type LoginLimits } from './services/sessions.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    /** Today's date (YYYY-MM-DD) in the districts' time zone. */
    today(): string;
    /** The districts' IANA time zone. */
    timeZone: string;
  }
}

export interface AppOptions {
  db: Database;
  timeZone: string;
  /** A pino logger, logger options, or false for none. */
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
  /** The built client to serve; omitted or missing on disk, only the API is served. */
  clientDir?: string;
  /** What the map draws beneath the projects; none by default. */
  basemap?: BasemapConfig;
  /** Failed logins allowed before a username or address is locked out for a while. */
  loginLimits?: LoginLimits;
  /** API requests per minute per address for visitors who are not logged in. */
  publicRateLimit?: number;
  /** The demo accounts' password, shown on the login page only when it is the default. */
  demoPassword?: string;
  /** The map draws projects from vector tiles when the filters select more than this many; 0: always. */
  mapTileThreshold?: number;
  /** Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-* headers are believed. */
  trustProxy?: string[];
}

/** The API's paths (JSON for programs, tiles for maps), as opposed to the client's pages and files. */
export function isMachineReadable(url: string): boolean {
  return (
    url.startsWith('/api/') || url.startsWith('/tiles/') || url === '/ogc' || url.startsWith('/ogc/') || url.startsWith('/ogc?') || url.startsWith('/open311/')
  );
}

/** Public API requests per minute per address, unless configured. */
export const DEFAULT_PUBLIC_RATE_LIMIT = 1200;

export const DEFAULT_CLIENT_DIR = path.join(ROOT_DIR, 'client', 'dist');

/** The whole HTTP application on an open database. Does not listen: main.ts and the tests decide that. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const logger = options.logger ?? false;
  const app = Fastify({
    ...(typeof logger === 'object' && 'child' in logger ? { loggerInstance: logger } : { logger }),
    genReqId: () => randomUUID(),
    // Up to 10,000 vertices of GeoJSON, with room to spare.
    bodyLimit: 2 * 1024 * 1024,
    frameworkErrors: refuseMalformedUrl,
    // Behind a proxy, request.ip (the limits' key) and request.protocol (the cookie's Secure) come from X-Forwarded-*.
    ...(options.trustProxy && options.trustProxy.length > 0 ? { trustProxy: options.trustProxy } : {}),
    routerOptions: { querystringParser: parseQueryString },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);

  app.decorate('db', options.db);
  app.decorate('today', () => todayIn(options.timeZone));
  app.decorate('timeZone', options.timeZone);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorsPlugin);
  await app.register(jsonBodyPlugin);
  // First, so that refusals further on (rate limits, logins) carry these headers too.
  await app.register(securityHeadersPlugin);
  await app.register(publicCorsPlugin);
  await app.register(authPlugin);
  // After auth, so the limit can tell the public from staff: it is the public
  // API (a news page's embed, scrapers) that needs bounding. Static files are not counted.
  await app.register(rateLimit, {
    max: options.publicRateLimit ?? DEFAULT_PUBLIC_RATE_LIMIT,
    timeWindow: 60_000,
    // Logging in has its own, stricter guard on failures; a busy office behind one
    // address must still be able to log in when its public reads hit the limit.
    allowList: (request) => request.user !== null || !isMachineReadable(request.url) || request.url.startsWith('/api/auth/'),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'RATE_LIMITED',
      message: `too many requests from this address; try again in ${Math.ceil(context.ttl / 1000)} s`,
      message_zh: `请求过于频繁,请 ${Math.ceil(context.ttl / 1000)} 秒后再试`,
    }),
  });
  // Area boundaries and project pages are megabytes of JSON that gzip to a fifth.
  await app.register(compress, { threshold: 2048 });
  await app.register(swagger, {
    openapi: {
      info: {
        title: '民生地图 Minsheng Map API',
        description: 'Livelihood projects (民生实事) of districts and counties, on a PostGIS map.',
        version: '0.1.0',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes);
  await app.register(authRoutes(new LoginGuard(options.db.pool, options.loginLimits ?? DEFAULT_LOGIN_LIMITS), options.demoPassword ?? DEFAULT_DEMO_PASSWORD));
  await app.register(clientConfigRoutes(options.basemap ?? { kind: 'none' }, options.timeZone, options.mapTileThreshold ?? DEFAULT_MAP_TILE_THRESHOLD));
  await app.register(areaRoutes);
  await app.register(areaImportRoutes);
  await app.register(onboardingRoutes(options.basemap ?? { kind: 'none' }));
  await app.register(unitRoutes);
  await app.register(userRoutes);
  await app.register(kindRoutes);
  await app.register(projectRoutes);
  await app.register(projectCountRoutes);
  await app.register(loopRoutes);
  await app.register(coverageRoutes);
  await app.register(dashboardRoutes(options.timeZone));
  await app.register(weeklyReportRoutes(options.timeZone));
  await app.register(gapRoutes);
  await app.register(layerRoutes);
  await app.register(ogcRoutes);
  await app.register(open311Routes);
  await app.register(apiKeyRoutes);
  await app.register(importRoutes);
  await app.register(listImportRoutes);
  await app.register(tileRoutes);

  await serveClient(app, options.clientDir ?? DEFAULT_CLIENT_DIR);
  return app;
}

const URL_REFUSALS: Record<string, { code: string; message: string; message_zh: string }> = {
  FST_ERR_BAD_URL: {
    code: 'BAD_URL',
    message: 'the address is not valid: a %-escape in it does not decode to UTF-8 text',
    message_zh: '网址无效:其中的 % 转义无法解码为 UTF-8 文本',
  },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'URL_TOO_LONG', message: 'a part of the address is too long', message_zh: '网址中的某一段过长' },
};

/** Fastify's refusals that come before any route or hook: the answer carries the headers and error body of every other one. */
function refuseMalformedUrl(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  setSecurityHeaders(reply, false);
  const statusCode = error.statusCode ?? 400;
  const refusal = URL_REFUSALS[error.code] ?? { code: error.code, message: error.message, message_zh: '请求无法处理' };
  void reply
    .code(statusCode)
    .header('x-request-id', request.id)
    .type('application/json; charset=utf-8')
    .send({ statusCode, error: STATUS_CODES[statusCode] ?? 'Bad Request', ...refusal });
}

/** Serves the built client: index.html for the app's own routes, embed.html at /embed; /api stays JSON. */
async function serveClient(app: FastifyInstance, clientDir: string): Promise<void> {
  const index = path.join(clientDir, 'index.html');
  const hasClient = existsSync(index);
  if (hasClient) {
    await app.register(fastifyStatic, { root: clientDir, wildcard: false, index: 'index.html' });
    await app.register(embedRoutes, { clientDir });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !isMachineReadable(request.url) && hasClient;
    if (wantsPage) return reply.sendFile('index.html');
    return reply.code(404).send({
      statusCode: 404,
      error: 'Not Found',
      code: 'NOT_FOUND',
      message: `${request.method} ${request.url.split('?')[0]} is not a route of this API`,
    });
  });
}
