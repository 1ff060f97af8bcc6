import type pg from 'pg';
import type { AreaLevel } from '../domain/area.js';
import type { ProjectFilter } from '../queries/projects.js';
import {
  areasTileFeatures,
  areasTileMvt,
  databaseEncodesMvt,
  gapsTileFeatures,
  gapsTileMvt,
  projectsTileFeatures,
  projectsTileMvt,
  type GapTileRequest,
} from '../queries/tiles.js';
import { encodeTileLayer } from './encode.js';
import type { TileAddress } from './tile.js';

/** Who writes the protobuf: PostGIS itself (ST_AsMVT), or this process (geojson-vt and vt-pbf). */
export type TileEncoder = 'database' | 'javascript';

/** Renders one layer of a tile to MVT bytes; zero bytes when the tile holds no feature. */
export interface TileRenderer {
  readonly encoder: TileEncoder;
  projects(tile: TileAddress, filter: ProjectFilter): Promise<Uint8Array>;
  areas(tile: TileAddress, levels: readonly AreaLevel[]): Promise<Uint8Array>;
  gaps(tile: TileAddress, request: GapTileRequest): Promise<Uint8Array>;
}

function databaseRenderer(db: pg.Pool): TileRenderer {
  return {
    encoder: 'database',
    projects: (tile, filter) => projectsTileMvt(db, tile, filter),
    areas: (tile, levels) => areasTileMvt(db, tile, levels),
    gaps: (tile, request) => gapsTileMvt(db, tile, request),
  };
}

function javascriptRenderer(db: pg.Pool): TileRenderer {
  return {
    encoder: 'javascript',
    projects: async (tile, filter) => encodeTileLayer('projects', tile, await projectsTileFeatures(db, tile, filter)),
    areas: async (tile, levels) => encodeTileLayer('areas', tile, await areasTileFeatures(db, tile, levels)),
    gaps: async (tile, request) => encodeTileLayer('gaps', tile, await gapsTileFeatures(db, tile, request)),
  };
}

/**
 * The renderer for this database, chosen once by what it can do rather than
 * by what kind it is: PostGIS encodes when built with protobuf (it is faster
 * and sends only what is in the tile), JavaScript otherwise. `force` picks one
 * regardless, e.g. to compare both on the same database.
 */
export async function tileRendererFor(db: pg.Pool, force?: TileEncoder): Promise<TileRenderer> {
  const encoder = force ?? ((await databaseEncodesMvt(db)) ? 'database' : 'javascript');
  return encoder === 'database' ? databaseRenderer(db) : javascriptRenderer(db);
}
