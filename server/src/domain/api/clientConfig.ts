import { Type, type Static } from 'typebox';

/** The map's background, as configured (BASEMAP); a tianditu key is a browser key, visible to every visitor. */
export const Basemap = Type.Union([
  Type.Object({ kind: Type.Literal('none') }),
  Type.Object({ kind: Type.Literal('osm') }),
  Type.Object({ kind: Type.Literal('tianditu'), key: Type.String({ description: 'a browser key, visible to every visitor' }) }),
  Type.Object({ kind: Type.Literal('style'), url: Type.String() }),
]);
export type Basemap = Static<typeof Basemap>;

/** What the client needs to know of the server's configuration (`GET /api/config`). Nothing secret goes here. */
export const ClientConfig = Type.Object({
  basemap: Basemap,
  timeZone: Type.String({ description: 'where "today" is for deadlines' }),
  mapTileThreshold: Type.Integer({
    minimum: 0,
    description: 'above this many projects under the filters the map draws vector tiles (/tiles/projects) instead of loading the list; 0: always tiles',
  }),
});
