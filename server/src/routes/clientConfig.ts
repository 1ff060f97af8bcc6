import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { BasemapConfig } from '../config.js';
import { errorResponses } from './errorResponses.js';

const Basemap = Type.Union([
  Type.Object({ kind: Type.Literal('none') }),
  Type.Object({ kind: Type.Literal('osm') }),
  Type.Object({ kind: Type.Literal('tianditu'), key: Type.String({ description: 'a browser key, visible to every visitor' }) }),
  Type.Object({ kind: Type.Literal('style'), url: Type.String() }),
]);

export const ClientConfig = Type.Object({
  basemap: Basemap,
  timeZone: Type.String({ description: 'where "today" is for deadlines' }),
  mapTileThreshold: Type.Integer({
    minimum: 0,
    description: 'above this many projects under the filters the map draws vector tiles (/tiles/projects) instead of loading the list; 0: always tiles',
  }),
});

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
