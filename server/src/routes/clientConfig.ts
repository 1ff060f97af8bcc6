import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { BasemapConfig } from '../config.js';
import { ClientConfig } from '../domain/api/clientConfig.js';
import { errorResponses } from './errorResponses.js';

/** What the client needs to know of the server's configuration. Nothing secret goes here. */
export function clientConfigRoutes(basemap: BasemapConfig, timeZone: string, mapTileThreshold: number): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/config',
      { schema: { summary: 'Settings the client reads at start (basemap, time zone, when to draw tiles)', tags: ['system'], response: { 200: ClientConfig, ...errorResponses() } } },
      async () => ({ basemap, timeZone, mapTileThreshold }),
    );
  };
}
