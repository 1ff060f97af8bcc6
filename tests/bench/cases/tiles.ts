import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { COVERAGE_DEFAULTS } from '../../../server/src/domain/coverage.js';
import { OPEN_STATUSES } from '../../../server/src/domain/status.js';
import {
  areasTileFeatures,
  areasTileMvt,
  gapsTileFeatures,
  gapsTileMvt,
  projectsTileFeatures,
  projectsTileMvt,
} from '../../../server/src/queries/tiles.js';
import { areaLevelsAt, type TileLayerName } from '../../../server/src/domain/tileLayers.js';
import type { TileAddress } from '../../../server/src/tiles/tile.js';
import { tileAt } from '../../helpers/tiles.js';
import { time, type BenchResult } from '../measure.js';
import { COVERAGE_DISTRICT, SPREAD } from '../syntheticData.js';

/** What the route asks for when the map sets no filter. */
const PUBLIC_FILTER = { afterId: 0, limit: 0, overdueOnly: false, openStatuses: OPEN_STATUSES, today: new Date().toISOString().slice(0, 10) };

interface TileCase {
  name: string;
  layer: TileLayerName;
  tile: TileAddress;
  query: string;
  /** The tile's own SQL run by hand: ST_AsMVT on PostGIS; on the embedded database (no protobuf) the same rows, which the route then encodes in JavaScript. */
  raw: (postgis: boolean) => Promise<unknown>;
}

/**
 * The tiles measured: the densest projects tiles of the synthetic
 * prefecture at z12 and z10 (the lowest zoom projects are served at: below
 * it the map draws counts per area, so a z8 projects tile does not exist),
 * the z8 tile of its area boundaries, and the z12 tile of charging gaps over
 * the coverage district's 20,000 compounds.
 */
function tileCasesOf(db: pg.Pool, coverageDistrict: number): TileCase[] {
  const centre = [SPREAD.lon + SPREAD.width / 2, SPREAD.lat + SPREAD.height / 2] as const;
  const projects = (z: number): TileCase => {
    const tile = tileAt([centre[0], centre[1]], z);
    return {
      name: `projects tile z${z}`,
      layer: 'projects',
      tile,
      query: '',
      raw: (postgis) => (postgis ? projectsTileMvt(db, tile, PUBLIC_FILTER) : projectsTileFeatures(db, tile, PUBLIC_FILTER)),
    };
  };
  const areaTile = tileAt([centre[0], centre[1]], 8);
  const gapTile = tileAt([COVERAGE_DISTRICT.lon + COVERAGE_DISTRICT.width / 2, COVERAGE_DISTRICT.lat + COVERAGE_DISTRICT.height / 2], 12);
  const gaps = { kind: 'charging' as const, params: COVERAGE_DEFAULTS, areaId: coverageDistrict };
  return [
    projects(12),
    projects(10),
    {
      name: 'areas tile z8',
      layer: 'areas',
      tile: areaTile,
      query: '',
      raw: (postgis) => (postgis ? areasTileMvt(db, areaTile, areaLevelsAt(8)) : areasTileFeatures(db, areaTile, areaLevelsAt(8))),
    },
    {
      name: 'charging gaps tile z12',
      layer: 'gaps',
      tile: gapTile,
      query: `?kind=charging&area=${coverageDistrict}`,
      raw: (postgis) => (postgis ? gapsTileMvt(db, gapTile, gaps) : gapsTileFeatures(db, gapTile, gaps)),
    },
  ];
}

/**
 * Each tile through the whole route (validation, filters, ETag) against the
 * raw SQL for the same tile. On the embedded database the tile is encoded in
 * JavaScript, which the ratio then includes.
 */
export async function tileCases(app: FastifyInstance, db: pg.Pool, kind: 'postgis' | 'embedded', coverageDistrict: number, runs: number): Promise<BenchResult[]> {
  const postgis = kind === 'postgis';
  const results: BenchResult[] = [];
  for (const { name, layer, tile, query, raw } of tileCasesOf(db, coverageDistrict)) {
    const url = `/tiles/${layer}/${tile.z}/${tile.x}/${tile.y}.mvt${query}`;
    const first = await app.inject(url);
    if (first.statusCode !== 200) throw new Error(`${url} answered ${first.statusCode}: ${first.body.slice(0, 200)}`);
    const route = await time(() => app.inject(url), { runs });
    const baseline = await time(() => raw(postgis), { runs });
    const ratio = route.p50 / baseline.p50;
    const limit = postgis ? 1.2 : 3;
    results.push({
      case: `${name} (${(first.rawPayload.length / 1024).toFixed(0)} KB${postgis ? '' : ', encoded in JavaScript'})`,
      measure: `p50 / p95 of ${runs} requests`,
      value: route,
      baseline: { name: postgis ? 'its ST_AsMVT SQL by hand' : 'its SQL by hand (rows, no encoding)', value: baseline },
      ratio,
      ratioLabel: `${ratio.toFixed(2)}× raw`,
      target: `≤ ${limit}×`,
      met: ratio <= limit,
    });
  }
  return results;
}
