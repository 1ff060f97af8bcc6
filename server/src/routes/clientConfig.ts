import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { BasemapConfig } from '../config.js';

const Basemap = Type.Union([
  Type.Object({ kind: Type.Literal('none') }),
  Type.Object({ kind: Type.Literal('osm') }),
  Type.Object({ kind: Type.Literal('tianditu'), key: Type.String({ description: 'a browser key, visible to every visitor' }) }),
  Type.Object({ kind: Type.Literal('style'), url: Type.String() }),
]);

/** What the client needs to know of the server's configuration. Nothing secret goes here. */
export function clientConfigRoutes(basemap: BasemapConfig, timeZone: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/config',
      { schema: { summary: 'Settings the client reads at start (basemap, time zone)', tags: ['system'], response: { 200: Type.Object({ basemap: Basemap, timeZone: Type.String({ description: 'where "today" is for deadlines' }) }) } } },
      async () => ({ basemap, timeZone }),
    );
  };
}
