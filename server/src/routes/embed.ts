import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError } from '../domain/errors.js';
import { errorResponses } from './errorResponses.js';

export const EMBED_PAGE = 'embed.html';

/**
 * The public embed: the map alone, read-only, for other sites' iframes
 * (`/embed?area=&kinds=&status=&lang=`). The one page that other sites may
 * frame. Registered beside the static client, whose `sendFile` it uses.
 * Hidden from the API document, being a page and not part of the API (its
 * query is read by the page's script, see docs/interfaces/embed.md); its
 * errors are still the one error body.
 */
export const embedRoutes: FastifyPluginAsync<{ clientDir: string }> = async (app, { clientDir }) => {
  const built = existsSync(path.join(clientDir, EMBED_PAGE));
  for (const url of ['/embed', '/embed/']) {
    app.get(url, { config: { framable: true }, schema: { hide: true, response: errorResponses(404) } }, async (_request, reply) => {
      if (!built) throw new NotFoundError('the embed page is not built: run npm run build');
      return reply.sendFile(EMBED_PAGE, clientDir);
    });
  }
};
