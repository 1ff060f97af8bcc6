import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Other sites may show this page in an iframe: the public embed, and nothing else. */
    framable?: boolean;
  }
}

/**
 * What a page of ours may run. Scripts and workers come from this origin only
 * (MapLibre's worker is a bundled file; `blob:` is where MapLibre puts it when
 * the page is served from another origin than its scripts, `data:` when a news
 * site sandboxes the embed's iframe). Images, styles and connections are left
 * open on purpose: the basemap is any style URL an operator configures, whose
 * tiles, sprites and glyphs may live on further hosts, and MapLibre and React
 * set inline styles.
 */
const BASE_POLICY = ["script-src 'self'", "worker-src 'self' blob: data:", "object-src 'none'", "base-uri 'self'", "form-action 'self'"];

export const SAME_ORIGIN_POLICY = [...BASE_POLICY, "frame-ancestors 'self'"].join('; ');
export const FRAMABLE_POLICY = [...BASE_POLICY, 'frame-ancestors *'].join('; ');

/**
 * Headers on every response: no content sniffing, origin-only referrers to
 * other sites, and no framing by other sites, except for routes that declare
 * `config: { framable: true }` (the embed page). Set on request, so a route
 * with needs of its own can still replace them.
 */
/** The headers every response carries; `framable` for the one page other sites may show in an iframe. */
export function setSecurityHeaders(reply: FastifyReply, framable: boolean): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  if (framable) {
    reply.header('content-security-policy', FRAMABLE_POLICY);
  } else {
    reply.header('content-security-policy', SAME_ORIGIN_POLICY);
    reply.header('x-frame-options', 'SAMEORIGIN');
  }
}

export const securityHeadersPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request, reply) => {
      setSecurityHeaders(reply, request.routeOptions.config.framable === true);
    });
  },
  { name: 'security-headers' },
);
