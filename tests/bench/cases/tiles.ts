import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { OPEN_STATUSES } from '../../../server/src/domain/status.js';
import { projectsTileFeatures, projectsTileMvt } from '../../../server/src/queries/tiles.js';
import { time, type BenchResult } from '../measure.js';
import { SPREAD } from '../syntheticData.js';

/** The tile holding a position at a zoom (Web Mercator, XYZ). */
function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
}

/** What the route asks for when the map sets no filter. */
const PUBLIC_FILTER = { afterId: 0, limit: 0, overdueOnly: false, openStatuses: OPEN_STATUSES, today: new Date().toISOString().slice(0, 10) };

/**
 * A projects tile through the whole route (filters, public properties,
 * ETag) against the raw SQL for the same tile, at the densest place of the
 * synthetic data. On the embedded database the tile is encoded in JavaScript.
 */
export async function tileCases(app: FastifyInstance, db: pg.Pool, kind: 'postgis' | 'embedded', zooms: number[], runs: number): Promise<BenchResult[]> {
  const centre = [SPREAD.lon + SPREAD.width / 2, SPREAD.lat + SPREAD.height / 2] as const;
  const results: BenchResult[] = [];
  for (const z of zooms) {
    const { x, y } = tileAt(centre[0], centre[1], z);
    const url = `/tiles/projects/${z}/${x}/${y}.mvt`;
    const first = await app.inject(url);
    if (first.statusCode !== 200) throw new Error(`${url} answered ${first.statusCode}: ${first.body.slice(0, 200)}`);
    const route = await time(() => app.inject(url), { runs });
    // The tile's own SQL run by hand: ST_AsMVT on PostGIS; on the embedded database
    // (no protobuf) the same rows, which the route then encodes in JavaScript.
    const tile = { z, x, y };
    const baseline = await time(() => (kind === 'postgis' ? projectsTileMvt(db, tile, PUBLIC_FILTER) : projectsTileFeatures(db, tile, PUBLIC_FILTER)), { runs });
    const ratio = route.p50 / baseline.p50;
    const limit = kind === 'postgis' ? 1.2 : 3;
    results.push({
      case: `projects tile z${z} (${(first.rawPayload.length / 1024).toFixed(0)} KB${kind === 'embedded' ? ', encoded in JavaScript' : ''})`,
      measure: `p50 / p95 of ${runs} requests`,
      value: route,
      baseline: { name: kind === 'postgis' ? 'its ST_AsMVT SQL by hand' : 'its SQL by hand (rows, no encoding)', value: baseline },
      ratio,
      ratioLabel: `${ratio.toFixed(2)}× raw`,
      target: `≤ ${limit}×`,
      met: ratio <= limit,
    });
  }
  return results;
}
