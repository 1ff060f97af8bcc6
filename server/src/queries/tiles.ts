import type pg from 'pg';
import type { AreaLevel } from '../domain/area.js';
import type { CoverageKind, CoverageParams } from '../domain/coverage.js';
import type { TileFeature } from '../tiles/encode.js';
import { TILE_OVERVIEW, type TileLayerName } from '../domain/tileLayers.js';
import { TILE_BUFFER, TILE_EXTENT, type TileAddress } from '../tiles/tile.js';
import { areaTree, utmSrid } from './fragments.js';
import { gapsOfKind, type GapScope } from './gaps.js';
import { projectFilter, type ProjectFilterClause } from './projectFilterSql.js';
import type { ProjectFilter } from './projects.js';
import { SqlParams, type Placeholder } from './sqlParams.js';

/**
 * Vector tiles. Each layer is one SQL statement selecting the features of a
 * tile and their public properties (a jsonb object); the database either
 * encodes them itself (ST_AsMVT, which spreads a jsonb column into feature
 * properties) or hands them over for encoding in JavaScript, so both ways
 * start from the very same rows.
 *
 * Every statement has the tile's parameters (TileParams), added first.
 */

/** The placeholders of a tile's address and of the tile's extent and buffer (in tile units). */
interface TileParams {
  z: Placeholder;
  x: Placeholder;
  y: Placeholder;
  extent: Placeholder;
  buffer: Placeholder;
}

function addTile(p: SqlParams, tile: TileAddress): TileParams {
  return { z: p.add(tile.z), x: p.add(tile.x), y: p.add(tile.y), extent: p.add(TILE_EXTENT), buffer: p.add(TILE_BUFFER) };
}

/** The tile's envelope in web mercator, without its buffer. */
const envelope = (t: TileParams) => `ST_TileEnvelope(${t.z}::integer, ${t.x}::integer, ${t.y}::integer)`;

/** The tile's envelope in web mercator, with its buffer. */
const bufferedEnvelope = (t: TileParams) =>
  `ST_TileEnvelope(${t.z}::integer, ${t.x}::integer, ${t.y}::integer, margin => ${t.buffer}::integer / ${t.extent}::integer::float8)`;

/**
 * The tile and its buffer, in the stored SRID (4326): comparing the stored
 * geometry with it lets `&&` use the GiST index, where transforming every row
 * to web mercator first would read the whole table.
 */
const selection = (t: TileParams) => `ST_Transform(${bufferedEnvelope(t)}, 4326)`;

/** Whether project `p` is overdue today, as the list says. */
const overdue = (filter: ProjectFilterClause) =>
  `p.deadline IS NOT NULL AND p.deadline < ${filter.today} AND p.status = ANY (${filter.openStatuses})`;

/**
 * Live projects in the tile that match the list's filter (the same clause as
 * projectListPage), so the map and the list agree. Properties are the public
 * ones a map styles and labels by; nothing private (reporter, phone, internal
 * note) is selected.
 */
const projectRowsAll = (t: TileParams, filter: ProjectFilterClause) => `
  WITH RECURSIVE ${filter.areaTree}
  SELECT p.id, p.geom,
         jsonb_build_object(
           'kind', p.kind, 'status', p.status, 'title', p.title,
           'overdue', ${overdue(filter)},
           'deadline', p.deadline, 'area_name', ar.name, 'unit_name', u.name
         ) AS properties
    FROM projects p
    LEFT JOIN units u ON u.id = p.unit_id
    LEFT JOIN areas ar ON ar.id = p.area_id
   WHERE ${filter.where}
     AND p.geom && ${selection(t)}
   ORDER BY p.id`;

/** Web mercator's metres per degree of longitude, and its radius (EPSG:3857). */
const MERCATOR = { metresPerDegree: 20037508.342789244 / 180, radius: 6378137 } as const;

/** Cells across an overview grid with its buffer: a cell of the buffer on either side. */
const GRID_SIDE = TILE_OVERVIEW.cellsPerSide + 2;

/**
 * The cell of the overview grid `g` (x0, y0, size in web mercator metres)
 * holding a point at `lon`, `lat` (degrees), as one number: its column and
 * row counted from the buffer's (a tile's own cells are 1 to cellsPerSide
 * each way). Web mercator computed here, not by ST_Transform: the same
 * numbers to well under a millimetre, without a call into PROJ for each of
 * 200,000 points.
 */
const cellOf = (lon: string, lat: string) => `
  ((floor((${lon} * ${MERCATOR.metresPerDegree} - g.x0) / g.size)::integer + 1) * ${GRID_SIDE}
   + floor((ln(tan(radians(90 + ${lat}) / 2)) * ${MERCATOR.radius} - g.y0) / g.size)::integer + 1)`;

/** Whether a cell (of cellOf) is the tile's own, not its buffer's. */
const cellInTile = (cell: string) =>
  `(${cell} / ${GRID_SIDE} BETWEEN 1 AND ${TILE_OVERVIEW.cellsPerSide} AND ${cell} % ${GRID_SIDE} BETWEEN 1 AND ${TILE_OVERVIEW.cellsPerSide})`;

/**
 * The same projects in an overview tile (below TILE_OVERVIEW.belowZoom),
 * counted per cell of a grid over the tile, as the list's map clusters them:
 * a cell holding one project shows that project (kind, status and overdue,
 * its id to open it); a cell holding more shows one point where they are on
 * average, with how many they are (`point_count`) and how many of them are
 * overdue (`overdue_count`), its id the cell's lowest. At zoom 10 the
 * densest tile of a prefecture holds 200,000 points; one each made a 10 MB
 * tile, and one per 8-pixel cell a carpet that said no more than "overdue
 * everywhere". The cells divide the tile itself, not its buffer: a point's
 * cell belongs to one tile, so neighbouring tiles never count it twice (a
 * circle is drawn whole by the tile holding its centre). Lines and polygons
 * are few and each is kept, buffer and all, as fills and lines need. Without
 * filters beyond the kind, status and deadline, the cells come from an
 * index-only scan of projects_overview_idx (migration 0019), a point's
 * extent being the point; only the projects shown alone are read.
 */
const projectOverviewRows = (t: TileParams, filter: ProjectFilterClause) => `
  WITH RECURSIVE ${filter.areaTree},
  grid AS (
    SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, (ST_XMax(e) - ST_XMin(e)) / ${TILE_OVERVIEW.cellsPerSide} AS size
      FROM ${envelope(t)} e
  ),
  members AS (
    SELECT p.id, ((p.extent)[0])[0] AS lon, ((p.extent)[0])[1] AS lat, ${overdue(filter)} AS overdue,
           CASE WHEN (p.extent)[0] ~= (p.extent)[1] THEN ${cellOf('((p.extent)[0])[0]', '((p.extent)[0])[1]')} ELSE -p.id END AS cell
      FROM projects p CROSS JOIN grid g
     WHERE ${filter.where}
       AND p.extent && box(${selection(t)})
  ),
  -- sum / count rather than avg(), which keeps a sum of squares as well: a third less time over 200,000 points.
  cells AS (
    SELECT cell, min(id) AS id, count(*) AS projects, count(*) FILTER (WHERE overdue) AS overdue, sum(lon) / count(*) AS lon, sum(lat) / count(*) AS lat
      FROM members
     GROUP BY cell
  )
  SELECT c.id, ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326) AS geom,
         jsonb_build_object('point_count', c.projects, 'overdue_count', c.overdue) AS properties
    FROM cells c
   WHERE c.projects > 1 AND ${cellInTile('c.cell')}
  UNION ALL
  -- Each by its id: as a join, planned on the cells' estimated number, it hashed the whole table.
  SELECT p.id, p.geom, jsonb_build_object('kind', p.kind, 'status', p.status, 'overdue', ${overdue(filter)})
    FROM projects p
   WHERE p.id = ANY (ARRAY(SELECT id FROM cells WHERE projects = 1 AND (cell < 0 OR ${cellInTile('cell')})))
   ORDER BY id`;

/** Areas of the given levels in the tile, with what the area list calls them. */
const areaRows = (t: TileParams, levels: Placeholder) => `
  SELECT a.id, a.geom,
         jsonb_build_object('name', a.name, 'name_en', a.name_en, 'level', a.level, 'parent', a.parent_id) AS properties
    FROM areas a
   WHERE a.geom && ${selection(t)}
     AND a.level = ANY (${levels}::text[])
   ORDER BY a.id`;

/** Whether gap `alias` lies in the area `area` (or any, when it is null). */
const inGapArea = (alias: string, area: Placeholder) => `(${area}::integer IS NULL OR ${alias}.area_id IN (SELECT id FROM tree))`;

/**
 * How far around a tile, in hotspot radii, drainage reports are clustered.
 * Whether a report in the tile belongs to a hotspot depends on reports up to
 * two radii from it (its neighbours', if it is not a core point itself);
 * four leave room. A hotspot that chains on farther than that beyond the
 * tile is counted, in this tile, by its part within reach: its report count
 * may be lower here than in the ranked list, never its place on the map.
 */
export const HOTSPOT_REACH_RADII = 4;

/** The tile with its buffer, grown by `metres` (on the ground, at the tile's latitude), in WGS 84. */
function tileGrownBy(t: TileParams, metres: string): string {
  const latitude = `ST_Y(ST_Transform(ST_Centroid(${envelope(t)}), 4326))`;
  // Web Mercator stretches a ground metre to 1 / cos(latitude) of its units.
  return `ST_Transform(ST_Expand(${bufferedEnvelope(t)}, (${metres})::float8 / cos(radians(${latitude}))), 4326)`;
}

/** The gaps in a tile, optionally of one area: the ranked list's statements over the tile instead. */
function tileGapScope(t: TileParams, area: Placeholder): GapScope {
  return {
    ctes: areaTree(area),
    holds: (alias) => `${alias}.geom && ${selection(t)} AND ${inGapArea(alias, area)}`,
    // The cast types the radius's parameter as the float it is (an integer otherwise, from the product).
    clusterable: (alias, radius) => `${alias}.geom && ${tileGrownBy(t, `${radius}::float8 * ${HOTSPOT_REACH_RADII}`)} AND ${inGapArea(alias, area)}`,
    utm: utmSrid(`ST_Transform(${envelope(t)}, 4326)`),
  };
}

/** What a gaps tile asks for: the kind of need, its parameters, and optionally an area. */
export interface GapTileRequest {
  kind: CoverageKind;
  params: CoverageParams;
  areaId?: number;
}

/**
 * The gaps of a tile: those that reach into it (a hotspot clustered around
 * it may not), by id. A hotspot's list of project ids stays out: MVT has no
 * lists, and its lowest id is the feature's.
 */
function gapRows(p: SqlParams, t: TileParams, request: GapTileRequest): string {
  const scope = tileGapScope(t, p.add(request.areaId ?? null));
  return `
      WITH RECURSIVE ${scope.ctes}
      SELECT g.id, g.geom, g.properties - 'project_ids' AS properties
        FROM (${gapsOfKind(p, scope, request.kind, request.params)}) g
       WHERE g.geom && ${selection(t)}
       ORDER BY g.id`;
}

/**
 * Rows encoded by the database: clipped, quantized and simplified to the tile
 * by ST_AsMVTGeom; rows left with nothing inside the buffer are dropped. Row
 * order (by id) is kept, so the same data gives the same bytes and ETag.
 */
function asMvt(t: TileParams, rows: string, layer: TileLayerName): string {
  return `
    SELECT ST_AsMVT(t, '${layer}', ${t.extent}::integer, 'geom', 'id') AS mvt
      FROM (SELECT f.id, f.properties,
                   ST_AsMVTGeom(ST_Transform(f.geom, 3857), ${envelope(t)}, ${t.extent}::integer, ${t.buffer}::integer, true) AS geom
              FROM (${rows}) f) t
     WHERE t.geom IS NOT NULL`;
}

/** Rows for an encoder outside the database: the whole geometry, as stored (GeoJSON, WGS 84). */
function asFeatures(rows: string): string {
  return `SELECT f.id, ST_AsGeoJSON(f.geom)::json AS geometry, f.properties FROM (${rows}) f`;
}

/**
 * A statement's text and values: its tile's parameters first, then those
 * `rows` adds as it writes the rows' SELECT.
 */
interface TileStatement {
  tile: TileParams;
  rows: string;
  values: unknown[];
}

function tileStatement(tile: TileAddress, rows: (p: SqlParams, t: TileParams) => string): TileStatement {
  const p = new SqlParams();
  const t = addTile(p, tile);
  const text = rows(p, t);
  return { tile: t, rows: text, values: p.values };
}

/** A projects tile's rows: every project, or an overview of them. */
function projectRows(tile: TileAddress, f: ProjectFilter): TileStatement {
  return tileStatement(tile, (p, t) =>
    tile.z < TILE_OVERVIEW.belowZoom ? projectOverviewRows(t, projectFilter(p, f)) : projectRowsAll(t, projectFilter(p, f)),
  );
}

function areaTileRows(tile: TileAddress, levels: readonly AreaLevel[]): TileStatement {
  return tileStatement(tile, (p, t) => areaRows(t, p.add(levels)));
}

function gapTileRows(tile: TileAddress, request: GapTileRequest): TileStatement {
  return tileStatement(tile, (p, t) => gapRows(p, t, request));
}

async function mvtOf(db: pg.Pool, s: TileStatement, layer: TileLayerName): Promise<Uint8Array> {
  const { rows } = await db.query<{ mvt: Buffer }>(asMvt(s.tile, s.rows, layer), s.values);
  return rows[0]!.mvt;
}

async function featuresOf(db: pg.Pool, s: TileStatement): Promise<TileFeature[]> {
  const { rows } = await db.query<TileFeature>(asFeatures(s.rows), s.values);
  return rows;
}

/** The projects layer of a tile, encoded by PostGIS; empty when no project is in it. */
export function projectsTileMvt(db: pg.Pool, tile: TileAddress, filter: ProjectFilter): Promise<Uint8Array> {
  return mvtOf(db, projectRows(tile, filter), 'projects');
}

/** The projects of a tile (with its buffer), for encoding outside the database. */
export function projectsTileFeatures(db: pg.Pool, tile: TileAddress, filter: ProjectFilter): Promise<TileFeature[]> {
  return featuresOf(db, projectRows(tile, filter));
}

/** The areas layer of a tile, encoded by PostGIS; empty when no area of those levels is in it. */
export function areasTileMvt(db: pg.Pool, tile: TileAddress, levels: readonly AreaLevel[]): Promise<Uint8Array> {
  return mvtOf(db, areaTileRows(tile, levels), 'areas');
}

/** The areas of a tile (with its buffer), for encoding outside the database. */
export function areasTileFeatures(db: pg.Pool, tile: TileAddress, levels: readonly AreaLevel[]): Promise<TileFeature[]> {
  return featuresOf(db, areaTileRows(tile, levels));
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

/** The gaps layer of a tile, encoded by PostGIS; empty when no gap is in it. */
export function gapsTileMvt(db: pg.Pool, tile: TileAddress, request: GapTileRequest): Promise<Uint8Array> {
  return mvtOf(db, gapTileRows(tile, request), 'gaps');
}

/** The gaps of a tile (with its buffer), for encoding outside the database. */
export function gapsTileFeatures(db: pg.Pool, tile: TileAddress, request: GapTileRequest): Promise<TileFeature[]> {
  return featuresOf(db, gapTileRows(tile, request));
}
