import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { bboxPolygon, booleanIntersects } from '@turf/turf';
import type { FastifyInstance } from 'fastify';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { OPEN_STATUSES } from '../../server/src/domain/status.js';
import { TILE_REQUESTS_PER_MINUTE } from '../../server/src/routes/tiles.js';
import { areaLevelsAt, TILE_OVERVIEW } from '../../server/src/domain/tileLayers.js';
import { tileRendererFor } from '../../server/src/tiles/renderer.js';
import { TILE_EXTENT, type TileAddress } from '../../server/src/tiles/tile.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { areaIdNamed, createProject, pointFeature, someUnitId } from '../helpers/fixtures.js';
import { bufferedBounds, tileAt } from '../helpers/tiles.js';

type Point = { x: number; y: number };
interface DecodedFeature {
  type: number;
  properties: Record<string, string | number | boolean>;
  geometry: Point[][];
}
interface ListFeature {
  id: number;
  type: 'Feature';
  geometry: GeoJSON.Geometry;
  properties: Record<string, unknown>;
}

const POSTGIS = inject('databaseKind') === 'postgis';
/** What a projects tile may say about a project: public fields, and only those a map needs. */
const PROJECT_TILE_PROPERTIES = ['kind', 'status', 'title', 'overdue', 'deadline', 'area_name', 'unit_name'];
const PRIVATE = { reporter_name: '瓦片测试上报人', reporter_phone: '13900001234', internal_note: '内部备注:瓦片不应显示' };

let app: FastifyInstance;
let planner: TestSession;
let unit: TestSession;
let shigu: number;
/** The z14 tile over the most of 石鼓区's demo projects, and a project of ours with private fields inside it. */
let tile: TileAddress;
let ownId: number;
/** The z12 tile holding it: an overview. */
let overview: TileAddress;

const tileUrl = (layer: string, { z, x, y }: TileAddress, query = '') => `/tiles/${layer}/${z}/${x}/${y}.mvt${query ? `?${query}` : ''}`;

/** A tile's one layer by feature id; an empty tile (204) has none. */
function decode(bytes: Uint8Array, layerName: string): Map<number, DecodedFeature> {
  const features = new Map<number, DecodedFeature>();
  if (bytes.length === 0) return features;
  const layers = new VectorTile(new PbfReader(bytes)).layers;
  expect(Object.keys(layers)).toEqual([layerName]);
  const layer = layers[layerName]!;
  expect(layer.extent).toBe(TILE_EXTENT);
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    features.set(f.id!, { type: f.type, properties: f.properties, geometry: f.loadGeometry() });
  }
  return features;
}

async function tileFeatures(url: string): Promise<Map<number, DecodedFeature>> {
  const response = await app.inject(url);
  expect([200, 204], response.body).toContain(response.statusCode);
  return decode(response.rawPayload, url.split('/')[2]!);
}

/**
 * What the list says should be in the tile: the projects it returns for the
 * tile's buffered box whose shape (not just its bounding box) reaches into
 * that box, as the tile carries the buffer around it too.
 */
async function listedInTile(t: TileAddress, query = ''): Promise<ListFeature[]> {
  const bounds = bufferedBounds(t);
  const response = await app.inject(`/api/projects?limit=5000&bbox=${bounds.join(',')}${query ? `&${query}` : ''}`);
  expect(response.statusCode).toBe(200);
  const box = bboxPolygon(bounds);
  return response.json<{ features: ListFeature[] }>().features.filter((f) => booleanIntersects(f.geometry, box));
}

const sortedIds = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);
const listedIds = (features: ListFeature[]) => features.map((f) => f.id);
const pointOf = (features: ListFeature[], id: number) => (features.find((f) => f.id === id)!.geometry as GeoJSON.Point).coordinates;

/** The list's public properties as a tile carries them: the map's few, and no nulls (MVT has none). */
function asTileProperties(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(PROJECT_TILE_PROPERTIES.filter((k) => properties[k] !== null).map((k) => [k, properties[k]]));
}

beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
  unit = await loginAs(app, 'unit');
  shigu = await areaIdNamed(app, '石鼓区');
  const where: [number, number] = [112.599, 26.912];
  tile = tileAt(where, 14);
  expect(tile).toEqual({ z: 14, x: 13316, y: 6919 });
  overview = tileAt(where, 12);
  expect(overview).toEqual({ z: 12, x: 3329, y: 1729 });
  ownId = (await createProject(planner, pointFeature({ kind: 'charging', title: '瓦片测试充电桩', ...PRIVATE }, where))).id;
});
afterAll(async () => {
  await app?.close();
});

describe('the projects layer', () => {
  it('holds exactly the projects the list returns for the tile, with their public properties and nothing private', async () => {
    const response = await app.inject(tileUrl('projects', tile));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    const features = decode(response.rawPayload, 'projects');
    const listed = await listedInTile(tile);
    expect(listed.length).toBeGreaterThan(20);
    expect(sortedIds(features.keys())).toEqual(sortedIds(listed.map((f) => f.id)));
    for (const f of listed) {
      const decoded = features.get(f.id)!;
      expect(decoded.properties, `project ${f.id}`).toEqual(asTileProperties(f.properties));
      expect(decoded.type).toBe({ Point: 1, LineString: 2, Polygon: 3 }[f.geometry.type as string]);
    }
    expect(features.get(ownId)!.properties).toEqual({ kind: 'charging', status: 'reported', title: '瓦片测试充电桩', overdue: false, area_name: expect.any(String) });
    const everything = JSON.stringify([...features.values()].map((f) => f.properties));
    for (const secret of Object.values(PRIVATE)) expect(everything).not.toContain(secret);
  });

  it.each([
    ['kind', 'kind=drainage,charging'],
    ['status', 'status=verified,completed'],
    ['area', () => `area=${shigu}`],
    ['kind, status and area together', () => `kind=streetlight,drainage&status=reported,assigned,in_progress&area=${shigu}`],
    ['overdue', 'overdue=true'],
    ['text and report dates', 'q=路&reported_from=2020-01-01'],
  ])('selects the same projects as the list when filtered by %s', async (_name, query) => {
    const q = typeof query === 'function' ? query() : query;
    const features = await tileFeatures(tileUrl('projects', tile, q));
    const listed = await listedInTile(tile, q);
    expect(listed.length, 'a filter that selects nothing here would prove nothing').toBeGreaterThan(0);
    expect(sortedIds(features.keys())).toEqual(sortedIds(listed.map((f) => f.id)));
  });

  it('is the same tile for the public, a planner and a unit user, whose own list is cut to its unit', async () => {
    const anonymous = await app.inject(tileUrl('projects', tile));
    for (const session of [planner, unit]) {
      const response = await session.inject(tileUrl('projects', tile));
      expect(response.headers.etag).toBe(anonymous.headers.etag);
      expect(response.rawPayload.equals(anonymous.rawPayload)).toBe(true);
    }
    const unitList = await unit.inject(`/api/projects?limit=5000&bbox=${bufferedBounds(tile).join(',')}`);
    expect(unitList.json().numberReturned).toBeLessThan(decode(anonymous.rawPayload, 'projects').size);
  });

  it('refuses filters it does not know, bbox among them (the tile is the box), naming the parameter', async () => {
    const badKind = await app.inject(tileUrl('projects', tile, 'kind=bridges'));
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().errors).toEqual([expect.objectContaining({ in: 'querystring', field: '/kind', reason_zh: expect.stringContaining('未知取值') })]);
    const bbox = await app.inject(tileUrl('projects', tile, 'bbox=112,26,113,27'));
    expect(bbox.statusCode).toBe(400);
    expect(bbox.json().errors[0].field).toBe('/bbox');
    const noArea = await app.inject(tileUrl('projects', tile, 'area=2000000000'));
    expect(noArea.json().errors[0]).toMatchObject({ field: '/area', reason_zh: '区域 2000000000 不存在' });
  });
});

/** Where a position is in a tile, in the tile's units (fractional; outside 0..TILE_EXTENT when beyond it). */
function tileUnitsOf([lon, lat]: number[], t: TileAddress): Point {
  const n = 2 ** t.z;
  const column = ((lon! + 180) / 360) * n - t.x;
  const row = ((1 - Math.asinh(Math.tan((lat! * Math.PI) / 180)) / Math.PI) / 2) * n - t.y;
  return { x: column * TILE_EXTENT, y: row * TILE_EXTENT };
}

/** The overview grid's cell holding a position, as "column,row"; undefined beyond the tile itself (in its buffer). */
function cellOf(position: number[], t: TileAddress): string | undefined {
  const size = TILE_EXTENT / TILE_OVERVIEW.cellsPerSide;
  const { x, y } = tileUnitsOf(position, t);
  const [column, row] = [Math.floor(x / size), Math.floor(y / size)];
  const inside = (i: number) => i >= 0 && i < TILE_OVERVIEW.cellsPerSide;
  return inside(column) && inside(row) ? `${column},${row}` : undefined;
}

describe('overview tiles, below zoom 14', () => {
  /**
   * A crowd of our own, a few metres across (one cell), outside the z14
   * tile: an open streetlight, an overdue one and a finished drainage job,
   * so that a count holds overdue work and work of more than one kind.
   */
  let crowd: number[] = [];
  beforeAll(async () => {
    const unitId = await someUnitId(app);
    const make = async (kind: string, at: [number, number]) => (await createProject(planner, pointFeature({ kind, title: '概览测试' }, at))).id;
    const open = await make('streetlight', [112.6201, 26.9301]);
    const overdue = await make('streetlight', [112.62012, 26.93005]);
    await app.db.pool.query("UPDATE projects SET status = 'assigned', unit_id = $2, deadline = $3::date - 3 WHERE id = $1", [overdue, unitId, app.today()]);
    const done = await make('drainage', [112.62015, 26.93008]);
    await app.db.pool.query("UPDATE projects SET status = 'completed', unit_id = $2, deadline = $3::date - 3, completed_on = $3 WHERE id = $1", [done, unitId, app.today()]);
    crowd = [open, overdue, done];
    // Half the buffer west of the tile's edge: in the tile's buffer, and in the cell of the tile west of it.
    const [west, south, , north] = bufferedBounds(overview);
    const edge = ((overview.x / 2 ** overview.z) * 360) - 180;
    buffered = await make('charging', [(west + edge) / 2, (south + north) / 2]);
  });
  let buffered = 0;

  it.each([
    ['no filter', ''],
    ['a kind', 'kind=streetlight,drainage'],
  ])("count the points of each cell of the tile: one alone is the project, more a count of them and of the overdue (%s)", async (_name, query) => {
    expect(overview.z).toBeLessThan(TILE_OVERVIEW.belowZoom);
    const shown = await tileFeatures(tileUrl('projects', overview, query));
    const listed = await listedInTile(overview, query);
    const expected = new Map<number, { properties: Record<string, unknown>; at?: Point }>();
    // Lines and polygons are each kept, buffer and all, as the full tiles keep them.
    for (const f of listed.filter((l) => l.geometry.type !== 'Point')) {
      expected.set(f.id, { properties: { kind: f.properties.kind, status: f.properties.status, overdue: f.properties.overdue } });
    }
    // Points by the cell of the tile holding them; those in the buffer belong to the next tile's cells.
    const cells = new Map<string, ListFeature[]>();
    for (const f of listed.filter((l) => l.geometry.type === 'Point')) {
      const key = cellOf((f.geometry as GeoJSON.Point).coordinates, overview);
      if (key) cells.set(key, [...(cells.get(key) ?? []), f]);
    }
    for (const projects of cells.values()) {
      const positions = projects.map((p) => (p.geometry as GeoJSON.Point).coordinates);
      const mean = [0, 1].map((axis) => positions.reduce((sum, c) => sum + c[axis]!, 0) / positions.length);
      const [first] = [...projects].sort((a, b) => a.id - b.id);
      const properties =
        projects.length === 1
          ? { kind: first!.properties.kind, status: first!.properties.status, overdue: first!.properties.overdue }
          : { point_count: projects.length, overdue_count: projects.filter((p) => p.properties.overdue).length };
      expected.set(first!.id, { properties, at: tileUnitsOf(mean, overview) });
    }

    expect(sortedIds(shown.keys())).toEqual(sortedIds(expected.keys()));
    for (const [id, f] of shown) {
      const want = expected.get(id)!;
      expect(f.properties, `feature ${id}`).toEqual(want.properties);
      // A point where its projects are on average: rounded to a whole tile unit.
      if (want.at) expect(Math.hypot(f.geometry[0]![0]!.x - want.at.x, f.geometry[0]![0]!.y - want.at.y), `feature ${id}`).toBeLessThanOrEqual(Math.SQRT2 / 2);
    }
    const counts = [...shown.values()].filter((f) => 'point_count' in f.properties);
    expect(counts.length, 'cells of more than one project').toBeGreaterThan(0);
    expect([...shown.values()].some((f) => f.type === 1 && !('point_count' in f.properties)), 'a project alone in its cell').toBe(true);
    // Our crowd, in one cell: counted there, none of it drawn alone.
    const crowdCell = cells.get(cellOf([112.6201, 26.9301], overview)!)!;
    expect(crowdCell.map((p) => p.id)).toEqual(expect.arrayContaining(crowd));
    expect(crowd.filter((id) => shown.has(id) && !('point_count' in shown.get(id)!.properties))).toEqual([]);
    expect(Math.max(...counts.map((f) => Number(f.properties.overdue_count)))).toBeGreaterThan(0);
  });

  it('count a point in the buffer once, in the tile holding it', async () => {
    const west = { ...overview, x: overview.x - 1 };
    expect(listedIds(await listedInTile(overview))).toContain(buffered);
    expect(cellOf(pointOf(await listedInTile(overview), buffered), overview)).toBeUndefined();
    const [here, there] = [await tileFeatures(tileUrl('projects', overview)), await tileFeatures(tileUrl('projects', west))];
    const total = (features: Map<number, DecodedFeature>) =>
      [...features.values()].filter((f) => f.type === 1).reduce((sum, f) => sum + Number(f.properties.point_count ?? 1), 0);
    const pointsIn = async (t: TileAddress) => (await listedInTile(t)).filter((f) => f.geometry.type === 'Point' && cellOf((f.geometry as GeoJSON.Point).coordinates, t));
    expect(total(here)).toBe((await pointsIn(overview)).length);
    expect(total(there)).toBe((await pointsIn(west)).length);
    expect((await pointsIn(west)).map((f) => f.id)).toContain(buffered);
  });

  it('carry no title, nor anything private', async () => {
    const response = await app.inject(tileUrl('projects', overview));
    const everything = JSON.stringify([...decode(response.rawPayload, 'projects').values()].map((f) => f.properties));
    for (const hidden of ['瓦片测试充电桩', ...Object.values(PRIVATE)]) expect(everything).not.toContain(hidden);
  });
});

describe('the areas layer', () => {
  it('holds districts from zoom 5, streets from 9 and communities from 11, with id, names, level and parent', async () => {
    const levelsIn = async (z: number) => {
      const features = await tileFeatures(tileUrl('areas', tileAt([112.615, 26.93], z)));
      return { features, levels: new Set([...features.values()].map((f) => f.properties.level)) };
    };
    expect((await levelsIn(5)).levels).toEqual(new Set(['district']));
    expect((await levelsIn(9)).levels).toEqual(new Set(['district', 'street']));
    const { features, levels } = await levelsIn(12);
    expect(levels).toEqual(new Set(['district', 'street', 'community']));
    const district = features.get(shigu)!;
    expect(district).toMatchObject({ type: 3, properties: { name: '石鼓区', name_en: 'Shigu District', level: 'district' } });
    expect(district.properties).not.toHaveProperty('parent');
    const street = [...features.values()].find((f) => f.properties.level === 'street')!;
    expect(Object.keys(street.properties).sort()).toEqual(['level', 'name', 'name_en', 'parent']);
  });

  it('takes no query parameters', async () => {
    const response = await app.inject(tileUrl('areas', tile, 'kind=drainage'));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ in: 'querystring', field: '/kind' });
  });
});

describe('tile addresses', () => {
  it.each([
    ['a zoom below the projects layer', '/tiles/projects/9/415/216.mvt', '/z'],
    ['a zoom above the projects layer', '/tiles/projects/17/106544/55349.mvt', '/z'],
    ['a zoom below the areas layer', '/tiles/areas/4/13/6.mvt', '/z'],
    ['a column beyond 2^z − 1', '/tiles/projects/12/4096/1729.mvt', '/x'],
    ['a row beyond 2^z − 1', '/tiles/areas/12/3329/4096.mvt', '/y'],
    ['a row that is not a number', '/tiles/projects/12/3329/abc.mvt', '/y'],
  ])('%s is a 400 naming the parameter, in both languages', async (_name, url, field) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_INPUT', errors: [expect.objectContaining({ in: 'params', field, reason_zh: expect.any(String) })] });
  });

  it('names the layers when asked for one that does not exist', async () => {
    const response = await app.inject('/tiles/bridges/12/3329/1729.mvt');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'UNKNOWN_LAYER', message: expect.stringContaining('projects, areas, gaps'), message_zh: expect.stringContaining('projects、areas、gaps') });
  });

  it('answers 204 with caching headers for a tile with nothing in it (the open Pacific)', async () => {
    const response = await app.inject(tileUrl('projects', tileAt([-150, 0], 12)));
    expect(response.statusCode).toBe(204);
    expect(response.rawPayload.length).toBe(0);
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    const again = await app.inject({ url: tileUrl('projects', tileAt([-150, 0], 12)), headers: { 'if-none-match': response.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });
});

describe('caching and sharing', () => {
  it('sends Cache-Control by layer, a strong ETag, and 304 when the client holds the same tile', async () => {
    const first = await app.inject(tileUrl('projects', tile));
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect((await app.inject(tileUrl('areas', tile))).headers['cache-control']).toBe('public, max-age=3600');
    expect((await app.inject(tileUrl('projects', tile))).headers.etag).toBe(etag);

    for (const sent of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const unchanged = await app.inject({ url: tileUrl('projects', tile), headers: { 'if-none-match': sent } });
      expect(unchanged.statusCode, sent).toBe(304);
      expect(unchanged.rawPayload.length).toBe(0);
      expect(unchanged.headers.etag).toBe(etag);
      expect(unchanged.headers['cache-control']).toBe('public, max-age=60');
    }
    const stale = await app.inject({ url: tileUrl('projects', tile), headers: { 'if-none-match': '"not-this-one"' } });
    expect(stale.statusCode).toBe(200);
  });

  it("takes the client's data version v without reading it: the same tile under another URL, for caches; a malformed one is refused", async () => {
    const plain = await app.inject(tileUrl('projects', tile));
    const versioned = await app.inject(tileUrl('projects', tile, 'v=311-2026-11-24T08:00:00.123456Z'));
    expect(versioned.statusCode).toBe(200);
    expect(versioned.headers.etag).toBe(plain.headers.etag);
    expect(Buffer.compare(versioned.rawPayload, plain.rawPayload)).toBe(0);
    const bad = await app.inject(tileUrl('projects', tile, 'v=<script>'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ in: 'querystring', field: '/v' });
  });

  it('changes the ETag when a project in the tile changes', async () => {
    const before = await app.inject(tileUrl('projects', tile));
    const created = await createProject(planner, pointFeature({ kind: 'streetlight', title: '瓦片缓存测试路灯' }, [112.6, 26.913]));
    const after = await app.inject({ url: tileUrl('projects', tile), headers: { 'if-none-match': before.headers.etag as string } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(decode(after.rawPayload, 'projects').has(created.id)).toBe(true);
  });

  it('is gzipped for clients that accept it, to the same bytes', async () => {
    const plain = await app.inject(tileUrl('projects', tile));
    const zipped = await app.inject({ url: tileUrl('projects', tile), headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
  });

  it('may be read by any site, and is limited per address apart from the API', async () => {
    const response = await app.inject({ url: tileUrl('areas', tile), headers: { origin: 'https://news.example' } });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['x-ratelimit-limit']).toBe(String(TILE_REQUESTS_PER_MINUTE));
    expect((await app.inject('/api/kinds')).headers['x-ratelimit-limit']).toBe('1000000');
  });

  it('is documented in the OpenAPI document', async () => {
    const paths = (await app.inject('/docs/json')).json().paths;
    expect(paths['/tiles/projects/{z}/{x}/{y}.mvt'].get).toMatchObject({ tags: ['tiles'], summary: expect.any(String) });
    expect(paths['/tiles/areas/{z}/{x}/{y}.mvt'].get.responses['200'].content).toHaveProperty(['application/vnd.mapbox-vector-tile']);
  });
});

/**
 * How far apart two decoded geometries are: the farthest any vertex of one
 * lies from the other, both ways, counting vertices inside the tile proper
 * only (the encoders clip differently in the buffer, which is never drawn).
 */
function farthestApart(a: Point[][], b: Point[][], type: number): number {
  const inside = (p: Point) => p.x >= 0 && p.x <= TILE_EXTENT && p.y >= 0 && p.y <= TILE_EXTENT;
  const toSegment = (p: Point, s: Point, e: Point) => {
    const dx = e.x - s.x;
    const dy = e.y - s.y;
    const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - s.x) * dx + (p.y - s.y) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(p.x - (s.x + t * dx), p.y - (s.y + t * dy));
  };
  const toGeometry = (p: Point, g: Point[][]) =>
    Math.min(
      ...g.map((part) => {
        if (type === 1 || part.length === 1) return Math.min(...part.map((q) => Math.hypot(p.x - q.x, p.y - q.y)));
        const path = type === 3 ? [...part, part[0]!] : part;
        return Math.min(...path.slice(1).map((e, i) => toSegment(p, path[i]!, e)));
      }),
    );
  const oneWay = (from: Point[][], to: Point[][]) => Math.max(0, ...from.flat().filter(inside).map((p) => toGeometry(p, to)));
  return Math.max(oneWay(a, b), oneWay(b, a));
}

describe('the two encoders', () => {
  it('are chosen by what the database can do: PostGIS with protobuf encodes, the embedded one does not', async () => {
    expect((await tileRendererFor(app.db.pool)).encoder).toBe(POSTGIS ? 'database' : 'javascript');
  });

  it.skipIf(!POSTGIS)(
    'give the same features for the same tile: ST_AsMVT (served) and JavaScript (forced) [PostGIS only: the embedded database has no ST_AsMVT to compare with]',
    async () => {
      const javascript = await tileRendererFor(app.db.pool, 'javascript');
      const filter = { overdueOnly: false, openStatuses: OPEN_STATUSES, today: app.today(), afterId: 0, limit: 0 };
      const overviewZ10 = tileAt([112.599, 26.912], 10);
      const cases = [
        { layer: 'projects', at: tile, bytes: await javascript.projects(tile, filter) },
        { layer: 'projects', at: overview, bytes: await javascript.projects(overview, filter) },
        { layer: 'projects', at: overviewZ10, bytes: await javascript.projects(overviewZ10, filter) },
        { layer: 'areas', at: tile, bytes: await javascript.areas(tile, areaLevelsAt(tile.z)) },
      ];
      for (const { layer, at, bytes } of cases) {
        const served = await tileFeatures(tileUrl(layer, at));
        const encoded = decode(bytes, layer);
        expect(served.size, `${layer} z${at.z}`).toBeGreaterThan(0);
        expect(sortedIds(encoded.keys()), layer).toEqual(sortedIds(served.keys()));
        for (const [id, f] of served) {
          const other = encoded.get(id)!;
          expect(other.properties, `${layer} ${id}`).toEqual(f.properties);
          expect(other.type).toBe(f.type);
          // Both round to whole tile units, from slightly different arithmetic: at most one unit apart on each axis.
          expect(farthestApart(f.geometry, other.geometry, f.type), `${layer} ${id}`).toBeLessThanOrEqual(Math.SQRT2);
        }
      }
    },
  );
});
