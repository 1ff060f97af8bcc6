/**
 * npm run bench [-- --quick] [-- --json <file>]
 *
 * Generates synthetic data at scale (deterministic), runs each case against
 * its baseline in the same run, prints a table of ratios with the targets
 * beside them, and writes the results as JSON. On the embedded database by
 * default; on a PostgreSQL server with BENCH_DATABASE_URL, whose database name
 * must start with minsheng_bench: the bench empties it first.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type Database } from '../../server/src/db/database.js';
import { prepareDatabase } from '../../server/src/db/prepare.js';
import { vacuumWhereDue } from '../../server/src/db/vacuum.js';
import { buildApp, DEFAULT_CLIENT_DIR } from '../../server/src/app.js';
import { buildClientIfStale } from '../../server/src/cli/clientBuild.js';
import { browserUnavailable } from '../helpers/browser.js';
import { bboxCases } from './cases/bbox.js';
import { coverageCase } from './cases/coverage.js';
import { dashboardCases } from './cases/dashboard.js';
import { mapIdleCases } from './cases/mapIdle.js';
import { startupCases } from './cases/startup.js';
import { tileCases } from './cases/tiles.js';
import { round, type BenchResult } from './measure.js';
import { addCoverageDistrict, addProjects } from './syntheticData.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const serverUrl = process.env.BENCH_DATABASE_URL;
const kind = serverUrl ? 'postgis' : 'embedded';
/** Scales: the (1M projects on a server, 100k embedded), or a run under five minutes. */
const SCALE = values.quick
  ? { projects: kind === 'postgis' ? 100_000 : 20_000, compounds: 2_000, sites: 200, runs: 20 }
  : { projects: kind === 'postgis' ? 1_000_000 : 100_000, compounds: 20_000, sites: 2_000, runs: 50 };

const quiet = { info: () => undefined, warn: (m: string) => console.warn(m) };

async function emptyServerDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.startsWith('minsheng_bench')) {
    throw new Error(`BENCH_DATABASE_URL names database "${name}": the bench empties its database, so its name must start with minsheng_bench`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  await client.end();
}

function log(message: string) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function printTable(results: BenchResult[]) {
  const rows = results.map((r) => [
    r.case,
    `${round(r.value.p50)} / ${round(r.value.p95)} ms`,
    r.baseline ? `${round(r.baseline.value.p50)} ms (${r.baseline.name})` : '—',
    r.ratioLabel,
    r.target,
    r.met === null ? '' : r.met ? 'met' : 'NOT met',
  ]);
  const header = ['case', 'p50 / p95', 'baseline p50', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

async function main() {
  const started = Date.now();
  log(`${kind} database, ${values.quick ? 'quick' : 'full'} scale: ${JSON.stringify(SCALE)}`);
  if (serverUrl) await emptyServerDatabase(serverUrl);
  const db: Database = await openDatabase({ databaseUrl: serverUrl, poolSize: 4, embeddedDbDir: undefined });
  const results: BenchResult[] = [];
  try {
    await prepareDatabase(db, { demoData: 'auto', today: '2026-01-01', timeZone: 'Asia/Shanghai', log: quiet });
    log(`adding ${SCALE.projects.toLocaleString('en')} projects`);
    await addProjects(db.pool, SCALE.projects);
    log(`adding a district with ${SCALE.compounds} compounds and ${SCALE.sites} charging sites`);
    const district = await addCoverageDistrict(db.pool, SCALE.compounds, SCALE.sites);
    // Measured as the database stands a minute after a bulk load: vacuumed by
    // autovacuum on a server, by the server's own upkeep when embedded.
    log('vacuum and analyze, as autovacuum would');
    await vacuumWhereDue(db.pool);
    log('bbox query');
    results.push(...(await bboxCases(db.pool, SCALE.projects, kind, SCALE.runs)));
    log('coverage');
    results.push(await coverageCase(db.pool, district, SCALE.compounds, SCALE.sites, SCALE.runs));
    log('dashboard');
    results.push(...(await dashboardCases(db.pool, SCALE.projects, SCALE.runs)));
    log('tiles');
    const app = await buildApp({ db, timeZone: 'Asia/Shanghai', clientDir: '/nonexistent', publicRateLimit: 1e9 });
    await app.ready();
    results.push(...(await tileCases(app, db.pool, kind, district, SCALE.runs)));
    await app.close();
    if (browserUnavailable() === undefined) {
      log('map first idle in headless Chromium');
      await buildClientIfStale((m) => log(m));
      const served = await buildApp({ db, timeZone: 'Asia/Shanghai', clientDir: DEFAULT_CLIENT_DIR, publicRateLimit: 1e9 });
      try {
        results.push(...(await mapIdleCases(served, SCALE.projects, values.quick ? 3 : 5)));
      } finally {
        await served.close();
      }
    }
  } finally {
    await db.close();
  }
  if (kind === 'embedded') {
    log('embedded database start');
    results.push(...(await startupCases(values.quick ? 2 : 5)));
  }
  printTable(results);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`\n${kind} database; ${machine}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  const file = values.json ?? path.join('tests', 'bench', 'results', `${kind}${values.quick ? '-quick' : ''}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify({ kind, quick: values.quick, scale: SCALE, machine, at: new Date().toISOString(), results }, null, 2)}\n`);
  log(`results written to ${file}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
