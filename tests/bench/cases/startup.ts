import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../../server/src/db/database.js';
import { prepareDatabase } from '../../../server/src/db/prepare.js';
import { time, type BenchResult } from '../measure.js';

const quiet = { info: () => undefined, warn: () => undefined };

/** Opening the embedded database as `npm start` does: PGlite, PostGIS, the socket server, migrations (no demo data). */
async function startEmbedded(dir: string): Promise<void> {
  const db = await openDatabase({ databaseUrl: undefined, poolSize: 1, embeddedDbDir: dir });
  await prepareDatabase(db, { demoData: 'off', today: '2026-01-01', timeZone: 'Asia/Shanghai', log: quiet });
  await db.close();
}

/** Cold: a new data folder (PostGIS created, every migration run). Warm: the same folder opened again. */
export async function startupCases(runs: number): Promise<BenchResult[]> {
  const bare = await time(
    async () => {
      const db = await PGlite.create();
      await db.close();
    },
    { runs, warmup: 1 },
  );
  const dirs: string[] = [];
  const cold = await time(
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'minsheng-bench-'));
      dirs.push(dir);
      await startEmbedded(dir);
    },
    { runs, warmup: 0 },
  );
  const warm = await time(() => startEmbedded(dirs[0]!), { runs, warmup: 1 });
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  const baseline = { name: 'bare PGlite in memory, no PostGIS', value: bare };
  return [
    { case: 'embedded database, cold start', measure: `p50 of ${runs} starts`, value: cold, baseline, ratio: cold.p50 / bare.p50, ratioLabel: `${(cold.p50 / bare.p50).toFixed(1)}× bare`, target: 'reported', met: null },
    { case: 'embedded database, warm start', measure: `p50 of ${runs} starts`, value: warm, baseline, ratio: warm.p50 / bare.p50, ratioLabel: `${(warm.p50 / bare.p50).toFixed(1)}× bare`, target: 'reported', met: null },
  ];
}
