import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { DEFAULT_DEMO_PASSWORD } from '../../server/src/config.js';
import { connectDatabase, type Database } from '../../server/src/db/database.js';
import { startEmbeddedPostgis, type EmbeddedPostgis } from '../../server/src/db/embedded.js';
import { prepareDatabase } from '../../server/src/db/prepare.js';
import { todayIn } from '../../server/src/domain/dates.js';
import { ROLES, type Role } from '../../server/src/domain/roles.js';
import { SESSION_COOKIE } from '../../server/src/plugins/auth.js';
import { DEMO_USERNAME } from '../helpers/auth.js';
import { createScratchDatabase } from '../helpers/serverProcess.js';
import { ledgerRows, rawWorkbook } from '../fixtures/ledgers/rawWorkbook.js';
import { HOSTILE_VALUES, type HostileValue } from './hostileValues.js';
import { operationsOf, type Operation, type Target } from './openapiOperations.js';

/**
 * The whole API, driven by its own OpenAPI document, fed hostile values in
 * every parameter and body field, as the public and as each role (issue 23):
 * no answer is a 5xx; an answer in 4xx changes nothing (the rows of every
 * table are counted before and after each request); the server answers its
 * health check within a second throughout.
 *
 * It runs on a database of its own, since well-formed hostile writes may be
 * accepted (a unit named '%' is a unit) and must not show in other tests.
 */
const TIME_ZONE = 'Asia/Shanghai';
const HEALTH_BOUND_MS = 1000;
/** Random requests after the sweep: fast-check picks operation, target, value and role. */
const RANDOM_RUNS = 400;

type Caller = Role | 'public';
const CALLERS: Caller[] = ['public', ...ROLES];

let app: FastifyInstance;
let db: Database;
let embedded: EmbeddedPostgis | undefined;
let dropScratch: (() => Promise<void>) | undefined;
let operations: Operation[];
let tables: string[];
const sessions = new Map<Role, { token: string; csrf: string }>();
const uploads: Buffer[] = [];

beforeAll(async () => {
  if (inject('databaseKind') === 'postgis') {
    const scratch = await createScratchDatabase(inject('databaseUrl'), `minsheng_property_${process.pid}`);
    dropScratch = scratch.drop;
    db = connectDatabase(scratch.url, 'postgis', 4);
    await db.pool.query('CREATE EXTENSION IF NOT EXISTS postgis');
  } else {
    embedded = await startEmbeddedPostgis(undefined, 5);
    db = connectDatabase(embedded.url, 'embedded', 4);
  }
  await prepareDatabase(db, { demoData: 'auto', today: todayIn(TIME_ZONE), timeZone: TIME_ZONE, log: { info: () => undefined, warn: () => undefined } });
  app = await buildApp({
    db,
    timeZone: TIME_ZONE,
    clientDir: '/nonexistent',
    publicRateLimit: 1_000_000,
    loginLimits: { perUsername: 1_000_000, perAddress: 1_000_000, windowSeconds: 60 },
  });
  await app.ready();
  operations = operationsOf(app.swagger() as Parameters<typeof operationsOf>[0]);
  const { rows } = await db.pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys' ORDER BY 1`,
  );
  tables = rows.map((r) => r.name);
  for (const role of ROLES) await logIn(role);
  uploads.push(await rawWorkbook([[['A1', '项目名称'], ['B1', '类型']], [['XFD1048576', '路灯']]]), await rawWorkbook(ledgerRows(3)));
}, 240_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await embedded?.stop();
  await dropScratch?.();
});

async function logIn(role: Role): Promise<void> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: DEMO_USERNAME[role], password: DEFAULT_DEMO_PASSWORD } });
  expect(response.statusCode, response.body).toBe(200);
  const token = response.cookies.find((c) => c.name === SESSION_COOKIE && c.value !== '')!.value;
  sessions.set(role, { token, csrf: response.json<{ csrfToken: string }>().csrfToken });
}

/** Rows of every table: what a refused request must leave as it found. */
async function tableCounts(): Promise<Record<string, number>> {
  const sql = tables.map((t, i) => `SELECT ${i} AS i, count(*)::int AS n FROM public.${t}`).join(' UNION ALL ');
  const { rows } = await db.pool.query<{ i: number; n: number }>(sql);
  return Object.fromEntries(rows.map((r) => [tables[r.i]!, r.n]));
}

interface Sent {
  description: string;
  response: LightMyRequestResponse;
}

/** Sends one operation with one target poisoned by one value, as one caller. */
async function send(operation: Operation, target: Target | undefined, value: HostileValue, caller: Caller): Promise<Sent> {
  const request = operation.request(target, value, uploads);
  const session = caller === 'public' ? undefined : sessions.get(caller)!;
  const headers: Record<string, string> = { ...request.headers };
  if (session) {
    headers.cookie = `${SESSION_COOKIE}=${session.token}`;
    headers['x-csrf-token'] = session.csrf;
  }
  const started = performance.now();
  const response = await app.inject({ method: operation.method, url: request.url, headers, payload: request.payload, remoteAddress: '203.0.113.7' });
  const ms = performance.now() - started;
  const description = `${caller} ${operation.method} ${request.url.slice(0, 300)} ${target ? `[${target.label} = ${value.label}]` : ''} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  slowest.push({ ms, description: description.slice(0, 200) });
  slowest.sort((a, b) => b.ms - a.ms).splice(5);
  return { description, response };
}

/** The slowest answers, printed with the summary: where the time of a hostile request goes. */
const slowest: { ms: number; description: string }[] = [];

/** Logins may count a failure against a name or address: that is their purpose, not a change. */
const MAY_CHANGE_WHEN_REFUSED: Record<string, string[]> = { 'POST /api/auth/login': ['login_throttles'] };

let countsBefore: Record<string, number> | undefined;
const findings: string[] = [];

async function check(operation: Operation, target: Target | undefined, value: HostileValue, caller: Caller): Promise<void> {
  // A login or logout with a session's cookie ends that session: only the public logs in here.
  if (operation.endsSession && caller !== 'public') caller = 'public';
  countsBefore ??= await tableCounts();
  const { description, response } = await send(operation, target, value, caller);
  const countsAfter = await tableCounts();
  if (response.statusCode >= 500) findings.push(`5xx: ${description}`);
  if (response.statusCode >= 400 && response.statusCode < 500) {
    const allowed = MAY_CHANGE_WHEN_REFUSED[`${operation.method} ${operation.path}`] ?? [];
    const changed = tables.filter((t) => !allowed.includes(t) && countsBefore![t] !== countsAfter[t]);
    if (changed.length > 0) findings.push(`4xx changed ${changed.map((t) => `${t} ${countsBefore![t]}→${countsAfter[t]}`).join(', ')}: ${description}`);
  }
  countsBefore = countsAfter;
  // A well-formed write may have ended the caller's own session (a password change): log in again.
  if (response.statusCode === 401 && caller !== 'public') await logIn(caller);
}

/** Health asked every 200 ms while the requests run; the slowest answer is what counts. */
function watchHealth(): { stop: () => Promise<{ slowestMs: number; asked: number; failed: number }> } {
  let slowestMs = 0;
  let asked = 0;
  let failed = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const response = await app.inject('/api/health');
      slowestMs = Math.max(slowestMs, performance.now() - started);
      asked++;
      if (response.statusCode !== 200) failed++;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { slowestMs, asked, failed };
    },
  };
}

describe('the whole API under hostile input', () => {
  it('answers every operation, parameter and body field of its OpenAPI document without a 5xx, and a 4xx changes nothing', async () => {
    const health = watchHealth();
    const started = Date.now();
    let sent = 0;
    // The sweep: every target of every operation gets every kind of hostile value once, callers in turn.
    for (const operation of operations) {
      const targets = operation.targets();
      for (const [t, target] of targets.entries()) {
        for (const [v, value] of HOSTILE_VALUES.filter((h) => target.accepts(h)).entries()) {
          await check(operation, target, value, CALLERS[(t + v) % CALLERS.length]!);
          sent++;
        }
      }
    }
    const swept = sent;
    // Then fast-check's own choices, in every combination the sweep did not take.
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations).chain((operation) =>
          fc.record({
            operation: fc.constant(operation),
            target: fc.constantFrom(...operation.targets()),
            value: fc.constantFrom(...HOSTILE_VALUES),
            caller: fc.constantFrom(...CALLERS),
          }),
        ),
        async ({ operation, target, value, caller }) => {
          if (!target.accepts(value)) return;
          await check(operation, target, value, caller);
          sent++;
        },
      ),
      { numRuns: RANDOM_RUNS, seed: Number(process.env.PROPERTY_SEED ?? 20261207) },
    );
    const watched = await health.stop();
    console.log(
      `hostile API: ${operations.length} operations, ${swept} requests in the sweep and ${sent - swept} random, ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
        `health asked ${watched.asked} times, slowest ${watched.slowestMs.toFixed(0)} ms; ${findings.length} findings\n` +
        `slowest requests:\n${slowest.map((s) => `  ${s.ms.toFixed(0)} ms ${s.description}`).join('\n')}`,
    );
    expect(findings).toEqual([]);
    expect(watched.failed).toBe(0);
    expect(watched.slowestMs).toBeLessThan(HEALTH_BOUND_MS);
  }, 600_000);
});
