/**
 * npm run load [-- --duration S] [-- --quick] [-- --json <file>]
 *
 * Starts the real server (server/src/main.ts, as `npm start` does) on loopback
 * over deterministic synthetic data, then runs 50 concurrent readers (the
 * project list, project tiles, gap tiles, coverage) and 5 concurrent writers (planners
 * creating and editing projects) against it with autocannon for a bounded
 * time, and prints per kind of request: counts, 503s, errors and latency
 * percentiles. Exits non-zero on any error or any answer other than 2xx.
 *
 * On the embedded database by default (a fresh one in a temporary folder); on
 * a PostgreSQL server with LOAD_DATABASE_URL, whose database name must start
 * with minsheng_load: the run empties it first.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pointOnFeature } from '@turf/turf';
import autocannon from 'autocannon';
import pg from 'pg';
import { ROOT_DIR } from '../../server/src/config.js';
import { openDatabase } from '../../server/src/db/database.js';
import { prepareDatabase } from '../../server/src/db/prepare.js';
import { COVERAGE_KINDS } from '../../server/src/domain/coverage.js';
import { todayIn } from '../../server/src/domain/dates.js';
import { TILE_REQUESTS_PER_MINUTE } from '../../server/src/routes/tiles.js';
import { addProjects } from '../bench/syntheticData.js';
import { freePort, loginOverHttp, type HttpSession } from '../helpers/serverProcess.js';
import { coveragePaths, dynamicRequest, editBody, gapTilePaths, listPath, newProjectBody, tilePath, type GapPlace } from './mix.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const serverUrl = process.env.LOAD_DATABASE_URL;
const databaseKind = serverUrl ? 'postgis' : 'embedded';
const durationSeconds = Number(values.duration ?? (values.quick ? 20 : 120));
if (!Number.isFinite(durationSeconds) || durationSeconds <= 0 || durationSeconds > 3600) {
  throw new Error(`--duration ${values.duration}: give the run's length in seconds, at most 3600`);
}
const PROJECTS = values.quick ? 20_000 : 100_000;
const TIME_ZONE = 'Asia/Shanghai';

/**
 * Who runs at once. Every reader comes from 127.0.0.1, so the public API's
 * limit per address is lifted for the run (PUBLIC_RATE_LIMIT); the tile limit
 * per address is not configurable, so the tile readers keep under it.
 */
const READERS = { list: 20, tiles: 15, 'gap tiles': 5, coverage: 10 };
const WRITERS = { create: 2, update: 3 };
const TILE_RATE = Math.floor((TILE_REQUESTS_PER_MINUTE / 60) * 0.9);
/** The tile readers' share of TILE_RATE by their numbers: project tiles the most, gap tiles the rest. */
const PROJECT_TILE_RATE = Math.round((TILE_RATE * READERS.tiles) / (READERS.tiles + READERS['gap tiles']));
/** Longer than any request may take (10 s of queue at most, then a 30 s statement timeout): past it, autocannon counts an error. */
const REQUEST_TIMEOUT_SECONDS = 60;

type Kind = keyof typeof READERS | keyof typeof WRITERS;

function log(message: string) {
  process.stderr.write(`[load ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Empties the PostgreSQL database the run may write to; refuses any other. */
async function emptyServerDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.startsWith('minsheng_load')) {
    throw new Error(`LOAD_DATABASE_URL names database "${name}": the load run empties and writes its database, so its name must start with minsheng_load`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

/** The demo data plus `count` synthetic projects, written before the server starts. */
async function loadData(embeddedDbDir: string | undefined): Promise<void> {
  if (serverUrl) await emptyServerDatabase(serverUrl);
  const db = await openDatabase({ databaseUrl: serverUrl, poolSize: 2, embeddedDbDir });
  try {
    await prepareDatabase(db, { demoData: 'auto', today: todayIn(TIME_ZONE), timeZone: TIME_ZONE, log: { info: () => undefined, warn: (m) => log(m) } });
    await addProjects(db.pool, PROJECTS);
  } finally {
    await db.close();
  }
}

interface Server {
  baseUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

/** `npm start` in a child process, logging (JSON, level info) to a file, as in production. */
async function startServer(workDir: string, embeddedDbDir: string | undefined): Promise<Server> {
  const port = await freePort();
  const logFile = path.join(workDir, 'server.log');
  const out = await open(logFile, 'w');
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'EMBEDDED_DB_DIR', 'PORT', 'LOG_LEVEL'].includes(key)));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'src', 'main.ts')], {
    cwd: ROOT_DIR,
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      DEMO_DATA: 'off',
      PUBLIC_RATE_LIMIT: '1000000',
      ...(serverUrl ? { DATABASE_URL: serverUrl } : { EMBEDDED_DB_DIR: embeddedDbDir! }),
    },
    stdio: ['ignore', out.fd, out.fd],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it listened; see ${logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer within 240 s; see ${logFile}`);
    }
    const healthy = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    baseUrl,
    logFile,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await out.close();
    },
  };
}

/** Per kind of request: every answer's status and time. */
class Tally {
  readonly statuses = new Map<number, number>();
  readonly ms: number[] = [];
  record(status: number, ms: number) {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    this.ms.push(ms);
  }
  count(predicate: (status: number) => boolean): number {
    let n = 0;
    for (const [status, count] of this.statuses) if (predicate(status)) n += count;
    return n;
  }
  percentile(q: number): number {
    if (this.ms.length === 0) return NaN;
    const sorted = [...this.ms].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  }
}

interface KindResult {
  kind: Kind;
  connections: number;
  requests: number;
  ok: number;
  non2xx: number;
  status503: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
  megabytes: number;
}

/** One autocannon instance: `connections` users of one kind, for the run's duration. */
function runKind(kind: Kind, baseUrl: string, options: Omit<autocannon.Options, 'url' | 'duration'>): Promise<KindResult> {
  const tally = new Tally();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: baseUrl, duration: durationSeconds, timeout: REQUEST_TIMEOUT_SECONDS, ...options },
      (err: unknown, result: autocannon.Result) => {
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        const round = (n: number) => Math.round(n * 10) / 10;
        resolve({
          kind,
          connections: options.connections!,
          requests: tally.ms.length,
          ok: tally.count((s) => s >= 200 && s < 300),
          non2xx: tally.count((s) => s < 200 || s >= 300),
          status503: tally.count((s) => s === 503),
          statuses: Object.fromEntries([...tally.statuses].sort(([a], [b]) => a - b)),
          errors: result.errors,
          timeouts: result.timeouts,
          p50: round(tally.percentile(0.5)),
          p95: round(tally.percentile(0.95)),
          p99: round(tally.percentile(0.99)),
          max: round(tally.percentile(1)),
          perSecond: round(tally.ms.length / (result.duration || durationSeconds)),
          megabytes: round(result.throughput.total / 2 ** 20),
        });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => tally.record(status, ms));
  });
}

/** Readers send what a browser sends; writers add the planner's session cookie and CSRF token. */
const ACCEPT = { accept: 'application/json, application/vnd.mapbox-vector-tile', 'accept-encoding': 'gzip' };

async function createOwnProject(planner: HttpSession, i: number): Promise<number> {
  const created = await planner.request('POST', '/api/projects', JSON.parse(newProjectBody(1_000_000 + i)));
  if (created.status !== 201) throw new Error(`creating a project to edit failed: ${created.status} ${created.text}`);
  return (created.json() as { id: number }).id;
}

/**
 * Each update connection edits a project of its own, so no two writers
 * conflict: its version goes up by one with each edit that succeeds.
 */
function editorsOf(ids: number[]): Pick<autocannon.Options, 'setupClient'> {
  let claimed = 0;
  return {
    setupClient: (client) => {
      const id = ids[claimed++];
      if (id === undefined) throw new Error('more update connections than projects to edit');
      let version = 1;
      const edit = (): autocannon.Request => ({ method: 'PATCH', path: `/api/projects/${id}`, body: editBody(version) });
      client.setRequests([edit()]);
      client.on('response', (status: number) => {
        if (status === 200) version += 1;
        client.setRequests([edit()]);
      });
    },
  };
}

/** Up to 25 gaps of each kind in each district, from the gaps list: where the gap tiles are asked for. */
async function gapPlaces(baseUrl: string, districts: number[]): Promise<GapPlace[]> {
  const places: GapPlace[] = [];
  for (const area of districts) {
    for (const kind of COVERAGE_KINDS) {
      const response = await fetch(`${baseUrl}/api/gaps?area=${area}&kind=${kind}&limit=25`);
      if (!response.ok) throw new Error(`gaps of ${kind} in area ${area}: ${response.status} ${await response.text()}`);
      const { features } = (await response.json()) as { features: { geometry: GeoJSON.Geometry }[] };
      for (const { geometry } of features) places.push({ kind, place: pointOnFeature(geometry).geometry.coordinates as [number, number] });
    }
  }
  return places;
}

async function run(baseUrl: string): Promise<KindResult[]> {
  const areas = async (level: string) =>
    ((await (await fetch(`${baseUrl}/api/areas?level=${level}`)).json()) as { features: { id: number }[] }).features.map((f) => f.id);
  const districts = await areas('district');
  const coveragePath = coveragePaths([...districts, ...(await areas('street'))], COVERAGE_KINDS);
  const gapTilePath = gapTilePaths(await gapPlaces(baseUrl, districts));
  const planner = await loginOverHttp(baseUrl, 'demo-planner');
  const writer = { headers: { ...planner.headers, 'content-type': 'application/json' } };
  const owned: number[] = [];
  for (let i = 0; i < WRITERS.update; i++) owned.push(await createOwnProject(planner, i));

  log(`running ${Object.values(READERS).reduce((a, b) => a + b)} readers and ${Object.values(WRITERS).reduce((a, b) => a + b)} writers for ${durationSeconds} s`);
  return Promise.all([
    runKind('list', baseUrl, { connections: READERS.list, headers: ACCEPT, requests: [dynamicRequest('GET', listPath)] }),
    runKind('tiles', baseUrl, { connections: READERS.tiles, headers: ACCEPT, overallRate: PROJECT_TILE_RATE, requests: [dynamicRequest('GET', tilePath)] }),
    runKind('gap tiles', baseUrl, { connections: READERS['gap tiles'], headers: ACCEPT, overallRate: TILE_RATE - PROJECT_TILE_RATE, requests: [dynamicRequest('GET', gapTilePath)] }),
    runKind('coverage', baseUrl, { connections: READERS.coverage, headers: ACCEPT, requests: [dynamicRequest('GET', coveragePath)] }),
    runKind('create', baseUrl, {
      connections: WRITERS.create,
      ...writer,
      requests: [dynamicRequest('POST', () => '/api/projects', newProjectBody)],
    }),
    runKind('update', baseUrl, { connections: WRITERS.update, ...writer, ...editorsOf(owned) }),
  ]);
}

const ms = (n: number) => (Number.isNaN(n) ? '—' : `${n}`);

function printTable(results: KindResult[]) {
  const header = ['kind', 'users', 'requests', '2xx', 'non-2xx', 'of which 503', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'req/s'];
  const rows = results.map((r) => [
    r.kind,
    String(r.connections),
    String(r.requests),
    String(r.ok),
    String(r.non2xx),
    String(r.status503),
    String(r.errors),
    ms(r.p50),
    ms(r.p95),
    ms(r.p99),
    ms(r.max),
    String(r.perSecond),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

async function main() {
  const started = Date.now();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'minsheng-load-'));
  const embeddedDbDir = serverUrl ? undefined : path.join(workDir, 'db');
  log(`${databaseKind} database, ${PROJECTS.toLocaleString('en')} synthetic projects, ${durationSeconds} s; work folder ${workDir}`);
  await loadData(embeddedDbDir);
  log(`data loaded in ${((Date.now() - started) / 1000).toFixed(0)} s; starting the server`);
  const server = await startServer(workDir, embeddedDbDir);
  let results: KindResult[];
  try {
    results = await run(server.baseUrl);
  } finally {
    await server.stop();
  }
  const busyLines = (await readFile(server.logFile, 'utf8')).split('\n').filter((l) => l.includes('database busy')).length;

  printTable(results);
  const total = (key: 'requests' | 'non2xx' | 'status503' | 'errors') => results.reduce((sum, r) => sum + r[key], 0);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(
    `\n${databaseKind} database, ${PROJECTS.toLocaleString('en')} projects, ${durationSeconds} s: ${total('requests')} requests, ` +
      `${total('non2xx')} non-2xx (${total('status503')} of them 503, the database queue's bound: ${busyLines} logged), ${total('errors')} errors; ` +
      `tiles paced at ${TILE_RATE}/s (the tile limit per address); ${machine}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
  );
  const file = values.json ?? path.join('tests', 'load', 'results', `${databaseKind}${values.quick ? '-quick' : ''}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    `${JSON.stringify({ kind: databaseKind, quick: values.quick, projects: PROJECTS, durationSeconds, readers: READERS, writers: WRITERS, tileRate: TILE_RATE, machine, at: new Date().toISOString(), results }, null, 2)}\n`,
  );
  log(`results written to ${file}`);
  if (total('errors') > 0 || total('non2xx') > 0) {
    console.error(`FAILED: ${total('errors')} errors and ${total('non2xx')} answers other than 2xx; the server's log is kept in ${server.logFile}`);
    process.exit(1);
  }
  await rm(workDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
