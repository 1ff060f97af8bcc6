import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The public read API, which any web page may read with a cross-origin GET: a
 * news site's own scripts as well as the embed. An allowlist, so that a route
 * added later (login, users, dashboards, reports, tasks, photos) stays
 * same-origin until someone decides otherwise.
 */
export const PUBLIC_READS: readonly RegExp[] = [
  /^\/api\/projects$/,
  /^\/api\/projects\/\d+$/,
  /^\/api\/areas$/,
  /^\/api\/areas\/\d+$/,
  /^\/api\/kinds$/,
  /^\/api\/units$/,
  /^\/api\/config$/,
  /^\/api\/coverage(\/[^/]+)*$/,
  /^\/api\/gaps(\/[^/]+)*$/,
  /^\/api\/layers(\/[^/]+)*$/,
  /^\/api\/health$/,
  /^\/api\/projects\/export$/,
  // The standards' APIs are for other systems, in browsers too.
  /^\/ogc(\/.*)?$/,
  /^\/open311\/v2\/(services|requests)(\/[^/]+)?\.json$/,
  // Vector tiles, for maps on other sites (and their 400s and 404s, which a page should be able to read).
  /^\/tiles\/[^/]+\/[^/]+\/[^/]+\/[^/]+\.mvt$/,
];

const READ_METHODS = new Set(['GET', 'HEAD']);

/** How long a browser may reuse a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = 24 * 60 * 60;

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0]!;
}

export function isPublicRead(path: string): boolean {
  return PUBLIC_READS.some((pattern) => pattern.test(path));
}

/**
 * `Access-Control-Allow-Origin: *` on GET and HEAD of the public read API,
 * and an answer to the preflight a browser sends before such a GET with
 * headers of its own. Never `Allow-Credentials`: with `*` a browser refuses to
 * hand a page any answer that a cookie went into, so a visitor's session can
 * never leak private fields to another site.
 */
export const publicCorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request, reply) => {
      if (!isPublicRead(pathOf(request))) return;
      if (READ_METHODS.has(request.method)) {
        reply.header('access-control-allow-origin', '*');
        return;
      }
      const requested = request.headers['access-control-request-method'];
      if (request.method === 'OPTIONS' && typeof requested === 'string' && READ_METHODS.has(requested.toUpperCase())) {
        const headers = request.headers['access-control-request-headers'];
        reply
          .code(204)
          .header('access-control-allow-origin', '*')
          .header('access-control-allow-methods', 'GET, HEAD')
          .header('access-control-max-age', String(PREFLIGHT_MAX_AGE))
          .header('vary', 'Access-Control-Request-Headers');
        // Echoing the headers asked for is safe: no credentials are ever allowed.
        if (typeof headers === 'string' && headers !== '') reply.header('access-control-allow-headers', headers);
        return reply.send();
      }
    });
  },
  { name: 'public-cors' },
);
