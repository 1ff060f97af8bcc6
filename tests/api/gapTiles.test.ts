import { VectorTile } from '@mapbox/vector-tile';
import { bboxPolygon, booleanIntersects } from '@turf/turf';
import type { FastifyInstance } from 'fastify';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { COVERAGE_DEFAULTS, type CoverageKind } from '../../server/src/domain/coverage.js';
import { tileRendererFor } from '../../server/src/tiles/renderer.js';
import type { TileAddress } from '../../server/src/tiles/tile.js';
import { startTestApp } from '../helpers/app.js';
import { areaIdNamed } from '../helpers/fixtures.js';
import { bufferedBounds, tileAt } from '../helpers/tiles.js';

/**
 * The gaps layer: the need with no project that /api/gaps ranks, every gap
 * of a tile, so the map shows all of a district's need, not only its largest.
 */
const POSTGIS = inject('databaseKind') === 'postgis';

interface Decoded {
  type: number;
  properties: Record<string, string | number | boolean>;
}
interface GapFeature {
  geometry: GeoJSON.Geometry;
  properties: Record<string, unknown>;
}

let app: FastifyInstance;
let shigu: number;
/** A z12 tile over the middle of 石鼓区 (demo data), and the z14 tiles either side of a hand-built hotspot. */
const CENTRE: TileAddress = { z: 12, x: 3329, y: 1729 };
const HOTSPOT_LAT = 43.05;
/** The boundary between z14 columns 12875 and 12876, at 102.919921875°E. */
const EDGE_LON = (12876 / 2 ** 14) * 360 - 180;
const metresOfLon = (m: number) => m / (111_320 * Math.cos((HOTSPOT_LAT * Math.PI) / 180));
const WEST_OF_EDGE: TileAddress = tileAt([EDGE_LON - 0.001, HOTSPOT_LAT], 14);
const EAST_OF_EDGE: TileAddress = { ...WEST_OF_EDGE, x: 12876 };
const fixture: Record<string, number> = {};

const gapTileUrl = ({ z, x, y }: TileAddress, query: string) => `/tiles/gaps/${z}/${x}/${y}.mvt?${query}`;

function decode(bytes: Uint8Array): Map<number, Decoded> {
  const features = new Map<number, Decoded>();
  if (bytes.length === 0) return features;
  const layers = new VectorTile(new PbfReader(bytes)).layers;
  expect(Object.keys(layers)).toEqual(['gaps']);
  const layer = layers.gaps!;
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    features.set(f.id!, { type: f.type, properties: f.properties });
  }
  return features;
}

async function tileGaps(url: string): Promise<Map<number, Decoded>> {
  const response = await app.inject(url);
  expect([200, 204], response.body).toContain(response.statusCode);
  return decode(response.rawPayload);
}

/** Every gap /api/gaps lists for the area that reaches into the tile's buffered box. */
async function listedInTile(t: TileAddress, query: string): Promise<GapFeature[]> {
  const response = await app.inject(`/api/gaps?limit=1000&${query}`);
  expect(response.statusCode, response.body).toBe(200);
  const all = response.json<{ features: GapFeature[] }>().features;
  expect(all.length, 'the ranked list must hold every gap of the area for this comparison').toBeLessThan(1000);
  const box = bboxPolygon(bufferedBounds(t));
  return all.filter((f) => booleanIntersects(f.geometry as never, box));
}

const idOf = (f: GapFeature) => Number(f.properties.compound_id ?? f.properties.road_id);
const sorted = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);

/** The list's properties as a tile carries them: no rank (a tile is not ranked), no nulls (MVT has none). */
function asTileProperties(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([k, v]) => k !== 'rank' && v !== null));
}

async function sql(text: string, params: unknown[] = []) {
  return app.db.pool.query(text, params);
}

async function drainage(status: string, lon: number, lat = HOTSPOT_LAT): Promise<number> {
  const { rows } = await sql(
    `INSERT INTO projects (kind, title, status, geom, reported_on, completed_on)
     VALUES ('drainage', '缺口瓦片测试堵点', $1, ST_SetSRID(ST_MakePoint($2, $3), 4326), DATE '2026-01-01',
             CASE WHEN $1 IN ('completed', 'verified') THEN DATE '2026-01-10' END)
     RETURNING id`,
    [status, lon, lat],
  );
  return Number(rows[0].id);
}

beforeAll(async () => {
  app = await startTestApp();
  shigu = await areaIdNamed(app, '石鼓区');
  const { rows } = await sql(
    `INSERT INTO areas (code, name, name_en, level, geom)
     VALUES ('T-GAPTILE', '缺口瓦片测试区', 'Gap tile test district', 'district', ST_Multi(ST_MakeEnvelope(102.85, 43.0, 102.95, 43.1, 4326))) RETURNING id`,
  );
  fixture.district = rows[0].id;
  // A hotspot across the edge of two z14 tiles: two reports 50 m apart, one still open.
  fixture.westReport = await drainage('completed', EDGE_LON - metresOfLon(25));
  fixture.eastReport = await drainage('reported', EDGE_LON + metresOfLon(25));
  // A lone open report, and a hotspot whose every report is finished: neither is a gap.
  fixture.lone = await drainage('reported', EDGE_LON - metresOfLon(700));
  fixture.doneA = await drainage('completed', EDGE_LON + metresOfLon(700));
  fixture.doneB = await drainage('verified', EDGE_LON + metresOfLon(740));
});
afterAll(async () => {
  await app?.close();
});

describe('the gaps layer', () => {
  it.each(['charging', 'compound', 'streetlight'] as CoverageKind[])(
    'holds exactly the %s gaps the ranked list gives for the area in the tile, with the same properties',
    async (kind) => {
      const query = `kind=${kind}&area=${shigu}`;
      const response = await app.inject(gapTileUrl(CENTRE, query));
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
      const features = decode(response.rawPayload);
      const listed = await listedInTile(CENTRE, query);
      expect(listed.length, 'a tile without gaps would prove nothing').toBeGreaterThan(3);
      expect(sorted(features.keys())).toEqual(sorted(listed.map(idOf)));
      for (const gap of listed) {
        const decoded = features.get(idOf(gap))!;
        expect(decoded.properties, `${kind} ${idOf(gap)}`).toEqual(asTileProperties(gap.properties));
        expect(decoded.type).toBe(kind === 'streetlight' ? 2 : 3);
      }
    },
  );

  it('follows the parameters as the list does: a wider charging radius leaves fewer compounds uncovered', async () => {
    const wide = `kind=charging&area=${shigu}&radius=1500`;
    const narrow = await tileGaps(gapTileUrl(CENTRE, `kind=charging&area=${shigu}`));
    const features = await tileGaps(gapTileUrl(CENTRE, wide));
    expect(sorted(features.keys())).toEqual(sorted((await listedInTile(CENTRE, wide)).map(idOf)));
    expect(features.size).toBeLessThan(narrow.size);
  });

  it('without an area, holds the gaps of every area in the tile', async () => {
    const all = await tileGaps(gapTileUrl(CENTRE, 'kind=compound'));
    const ofShigu = await tileGaps(gapTileUrl(CENTRE, `kind=compound&area=${shigu}`));
    for (const id of ofShigu.keys()) expect(all.has(id)).toBe(true);
    const elsewhere = await tileGaps(gapTileUrl(CENTRE, `kind=compound&area=${fixture.district}`));
    expect(elsewhere.size).toBe(0);
  });

  it('draws a drainage hotspot that straddles two tiles in both, as one gap with its counts and no list of ids', async () => {
    const query = `kind=drainage&area=${fixture.district}`;
    const west = await tileGaps(gapTileUrl(WEST_OF_EDGE, query));
    const east = await tileGaps(gapTileUrl(EAST_OF_EDGE, query));
    const expected = { reports: 2, open_reports: 1 };
    expect([...west.entries()]).toEqual([[fixture.westReport, { type: 1, properties: expected }]]);
    expect([...east.entries()]).toEqual([[fixture.westReport, { type: 1, properties: expected }]]);
    // A radius in decimals is a radius too, not a 500.
    expect([...(await tileGaps(gapTileUrl(WEST_OF_EDGE, `${query}&hotspot_radius=60.5`))).keys()]).toEqual([fixture.westReport]);
    const listed = (await app.inject(`/api/gaps?${query}`)).json<{ features: GapFeature[] }>().features;
    expect(listed.map((f) => f.properties)).toEqual([{ rank: 1, ...expected, project_ids: [fixture.westReport, fixture.eastReport] }]);
  });

  it('changes as soon as a project meets the need: a finished renovation takes its compound out', async () => {
    const { rows } = await sql(
      `INSERT INTO compounds (name, households, year_built, geom)
       VALUES ('缺口瓦片测试老小区', 300, 1990, ST_MakeEnvelope(102.88, 43.03, 102.882, 43.0315, 4326)) RETURNING id`,
    );
    const id = Number(rows[0].id);
    const at = tileAt([102.881, 43.031], 14);
    const query = `kind=compound&area=${fixture.district}`;
    const before = await app.inject(gapTileUrl(at, query));
    expect([...decode(before.rawPayload).keys()]).toEqual([id]);
    await sql(
      `INSERT INTO projects (kind, title, status, geom, reported_on, completed_on)
       SELECT 'compound', '缺口瓦片测试改造', 'completed', geom, DATE '2026-01-01', DATE '2026-02-01' FROM compounds WHERE id = $1`,
      [id],
    );
    const after = await app.inject({ url: gapTileUrl(at, query), headers: { 'if-none-match': before.headers.etag as string } });
    expect(after.statusCode).toBe(204);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.headers['cache-control']).toBe('public, max-age=60');
  });

  it.each([
    ['no kind', 'area=1', 'querystring', '/kind'],
    ['an unknown kind', 'kind=bridges', 'querystring', '/kind'],
    ['an area that does not exist', 'kind=charging&area=2000000000', 'querystring', '/area'],
    ['a radius of 0', 'kind=charging&radius=0', 'querystring', '/radius'],
    ['a project filter it does not take', 'kind=charging&status=reported', 'querystring', '/status'],
  ])('refuses %s with a 400 naming the parameter', async (_name, query, where, field) => {
    const response = await app.inject(gapTileUrl(CENTRE, query));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ in: where, field, reason_zh: expect.any(String) });
  });

  it('has tiles from zoom 10 to 16 only', async () => {
    for (const url of ['/tiles/gaps/9/416/216.mvt?kind=charging', '/tiles/gaps/17/106544/55349.mvt?kind=charging']) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0]).toMatchObject({ in: 'params', field: '/z' });
    }
  });

  it('is documented in the OpenAPI document', async () => {
    const paths = (await app.inject('/docs/json')).json().paths;
    expect(paths['/tiles/gaps/{z}/{x}/{y}.mvt'].get).toMatchObject({ tags: ['tiles'], summary: expect.any(String) });
  });
});

describe('the two encoders', () => {
  it.skipIf(!POSTGIS)('give the same gaps for the same tile: ST_AsMVT (served) and JavaScript (forced) [PostGIS only]', async () => {
    const javascript = await tileRendererFor(app.db.pool, 'javascript');
    const cases = [
      ...(['charging', 'compound', 'streetlight'] as const).map((kind) => ({ kind, at: CENTRE, areaId: shigu })),
      { kind: 'drainage' as const, at: WEST_OF_EDGE, areaId: fixture.district },
    ];
    for (const { kind, at, areaId } of cases) {
      const served = await tileGaps(gapTileUrl(at, `kind=${kind}&area=${areaId}`));
      const encoded = decode(await javascript.gaps(at, { kind, areaId, params: COVERAGE_DEFAULTS }));
      expect(served.size, kind).toBeGreaterThan(0);
      expect(sorted(encoded.keys()), kind).toEqual(sorted(served.keys()));
      for (const [id, f] of served) expect(encoded.get(id), `${kind} ${id}`).toEqual(f);
    }
  });
});
