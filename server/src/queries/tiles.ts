import type pg from 'pg';
import type { AreaLevel } from '../domain/area.js';
import type { TileFeature } from '../tiles/encode.js';
import type { TileLayerName } from '../tiles/layers.js';
import { TILE_BUFFER, TILE_EXTENT, type TileAddress } from '../tiles/tile.js';
import { projectFilterClause, projectFilterParams } from './projectFilterSql.js';
import type { ProjectFilter } from './projects.js';

/**
 * Vector tiles. Each layer is one SQL statement selecting the features of a
 * tile and their public properties (a jsonb object); the database either
 * encodes them itself (ST_AsMVT, which spreads a jsonb column into feature
 * properties) or hands them over for encoding in JavaScript, so both ways
 * start from the very same rows.
 *
 * Parameters shared by every statement: $1 z, $2 x, $3 y, $4 extent, $5 buffer.
 */

/**
 * The tile and its buffer, in the stored SRID (4326): comparing the stored
 * geometry with it lets `&&` use the GiST index, where transforming every row
 * to web mercator first would read the whole table.
 */
const SELECTION = 'ST_Transform(ST_TileEnvelope($1::integer, $2::integer, $3::integer, margin => $5::integer / $4::integer::float8), 4326)';

/** The list's filter, its parameters after the tile's five. */
const TILE_FILTER = projectFilterClause(6);

/**
 * Live projects in the tile that match the list's filter (the same clause as
 * projectsMatching), so the map and the list agree. Properties are the public
 * ones a map styles and labels by; nothing private (reporter, phone, internal
 * note) is selected.
 */
const PROJECT_ROWS = `
  WITH RECURSIVE ${TILE_FILTER.areaTree}
  SELECT p.id, p.geom,
         jsonb_build_object(
           'kind', p.kind, 'status', p.status, 'title', p.title,
           'overdue', p.deadline IS NOT NULL AND p.deadline < ${TILE_FILTER.today} AND p.status = ANY (${TILE_FILTER.openStatuses}),
           'deadline', p.deadline, 'area_name', ar.name, 'unit_name', u.name
         ) AS properties
    FROM projects p
    LEFT JOIN units u ON u.id = p.unit_id
    LEFT JOIN areas ar ON ar.id = p.area_id
   WHERE ${TILE_FILTER.where}
     AND p.geom && ${SELECTION}
   ORDER BY p.id`;

/** Areas of the given levels in the tile, with what the area list calls them. */
const AREA_ROWS = `
  SELECT a.id, a.geom,
         jsonb_build_object('name', a.name, 'name_en', a.name_en, 'level', a.level, 'parent', a.parent_id) AS properties
    FROM areas a
   WHERE a.geom && ${SELECTION}
     AND a.level = ANY ($6::text[])
   ORDER BY a.id`;

/**
 * Rows encoded by the database: clipped, quantized and simplified to the tile
 * by ST_AsMVTGeom; rows left with nothing inside the buffer are dropped. Row
 * order (by id) is kept, so the same data gives the same bytes and ETag.
 */
function asMvt(rows: string, layer: TileLayerName): string {
  return `
    SELECT ST_AsMVT(t, '${layer}', $4::integer, 'geom', 'id') AS mvt
      FROM (SELECT f.id, f.properties,
                   ST_AsMVTGeom(ST_Transform(f.geom, 3857), ST_TileEnvelope($1::integer, $2::integer, $3::integer), $4::integer, $5::integer, true) AS geom
              FROM (${rows}) f) t
     WHERE t.geom IS NOT NULL`;
}

/** Rows for an encoder outside the database: the whole geometry, as stored (GeoJSON, WGS 84). */
function asFeatures(rows: string): string {
  return `SELECT f.id, ST_AsGeoJSON(f.geom)::json AS geometry, f.properties FROM (${rows}) f`;
}

function tileParams(tile: TileAddress): unknown[] {
  return [tile.z, tile.x, tile.y, TILE_EXTENT, TILE_BUFFER];
}

function projectParams(tile: TileAddress, f: ProjectFilter): unknown[] {
  return [...tileParams(tile), ...projectFilterParams(f)];
}

async function mvtOf(db: pg.Pool, sql: string, params: unknown[]): Promise<Uint8Array> {
  const { rows } = await db.query<{ mvt: Buffer }>(sql, params);
  return rows[0]!.mvt;
}

/** The projects layer of a tile, encoded by PostGIS; empty when no project is in it. */
export function projectsTileMvt(db: pg.Pool, tile: TileAddress, filter: ProjectFilter): Promise<Uint8Array> {
  return mvtOf(db, asMvt(PROJECT_ROWS, 'projects'), projectParams(tile, filter));
}

/** The projects of a tile (with its buffer), for encoding outside the database. */
export async function projectsTileFeatures(db: pg.Pool, tile: TileAddress, filter: ProjectFilter): Promise<TileFeature[]> {
  const { rows } = await db.query<TileFeature>(asFeatures(PROJECT_ROWS), projectParams(tile, filter));
  return rows;
}

/** The areas layer of a tile, encoded by PostGIS; empty when no area of those levels is in it. */
export function areasTileMvt(db: pg.Pool, tile: TileAddress, levels: readonly AreaLevel[]): Promise<Uint8Array> {
  return mvtOf(db, asMvt(AREA_ROWS, 'areas'), [...tileParams(tile), levels]);
}

/** The areas of a tile (with its buffer), for encoding outside the database. */
export async function areasTileFeatures(db: pg.Pool, tile: TileAddress, levels: readonly AreaLevel[]): Promise<TileFeature[]> {
  const { rows } = await db.query<TileFeature>(asFeatures(AREA_ROWS), [...tileParams(tile), levels]);
  return rows;
}

/**
 * Whether this PostGIS can encode vector tiles: only when built with
 * protobuf-c, which Debian's is and the embedded (WASM) one is not. Asked
 * with an aggregate over no rows; PostGIS refuses before looking at any.
 */
export async function databaseEncodesMvt(db: pg.Pool): Promise<boolean> {
  try {
    await db.query("SELECT ST_AsMVT(t, 'probe') FROM (SELECT ST_MakePoint(0, 0) AS geom WHERE false) t");
    return true;
  } catch (err) {
    if (/protobuf/i.test((err as Error).message)) return false;
    throw err;
  }
}
