import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../server/src/db/database.js';
import { SHIGU_POINT } from '../helpers/fixtures.js';
import { loginOverHttp, startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';

/**
 * `docker stop`, systemd and Ctrl-C send SIGTERM or SIGINT: the server must
 * finish what it was asked before, take nothing new, close the database and
 * exit 0 — and not wait forever for a request that never ends. The server
 * process runs on the run's shared database (a PGlite served on loopback is
 * reached like a PostgreSQL server, one connection at a time).
 */
const kind = inject('databaseKind');
const GRACE_MS = 10_000;
let server: ServerProcess | undefined;

afterEach(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  server = undefined;
});

async function startOnSharedDatabase(): Promise<ServerProcess> {
  server = await startServerProcess({
    DATABASE_URL: inject('databaseUrl'),
    DATABASE_POOL_SIZE: kind === 'embedded' ? '1' : '4',
    DEMO_DATA: 'off',
  });
  return server;
}

const feature = (title: string) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: SHIGU_POINT },
  properties: { kind: 'drainage', title },
});

/** A POST whose body arrives in two parts, the second only when asked: a request that is still in flight. */
function requestInTwoParts(port: number, headers: Record<string, string>, path: string, body: unknown) {
  const bytes = Buffer.from(JSON.stringify(body));
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    agent: false,
    headers: { ...headers, 'content-type': 'application/json', 'content-length': String(bytes.length) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
  });
  req.write(bytes.subarray(0, bytes.length >> 1));
  return { response, finish: () => req.end(bytes.subarray(bytes.length >> 1)) };
}

/** Whether a new TCP connection is accepted. */
function connects(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' ? resolve(false) : reject(err)));
  });
}

/** The log line of Fastify taking a request to `url` (its headers have arrived; its body may not have). */
const requestLogged = (url: string) => new RegExp(`"url":"${url.replace(/[/?]/g, '\\$&')}"[^\\n]*"msg":"incoming request"`);

describe(`stopping the server (${kind} database)`, () => {
  it('on SIGTERM finishes the requests in flight, refuses new connections, closes the database and exits 0', async () => {
    const s = await startOnSharedDatabase();
    const planner = await loginOverHttp(s.baseUrl, 'demo-planner');
    const tag = `停机测试 ${Date.now()}`;
    const slow = requestInTwoParts(s.port, planner.headers, '/api/projects?slow=1', feature(`${tag} slow`));
    slow.response.catch(() => undefined);
    await s.waitForOutput(requestLogged('/api/projects?slow=1'), 10_000);
    let answered = 0;
    const burst = Array.from({ length: 8 }, (_, i) =>
      planner.request('POST', '/api/projects', feature(`${tag} ${i}`)).finally(() => answered++),
    );
    await Promise.race(burst);

    const signalledAt = Date.now();
    const inFlight = 1 + burst.length - answered;
    s.child.kill('SIGTERM');
    await s.waitForOutput(/SIGTERM: refusing new connections/, 10_000);
    // The listening socket closes a moment after the signal is handled.
    await expect.poll(() => connects(s.port), { timeout: 2_000, interval: 20 }).toBe(false);
    expect(s.child.exitCode).toBeNull();

    slow.finish();
    expect((await slow.response).status).toBe(201);
    for (const r of await Promise.all(burst)) expect(r.status, r.text).toBe(201);
    expect(await s.exited, s.output().slice(-3000)).toEqual({ code: 0, signal: null });
    const shutdownMs = Date.now() - signalledAt;
    expect(s.output()).toMatch(/SIGTERM: requests finished and database closed/);
    console.log(`graceful shutdown (${kind}): exit 0 ${shutdownMs} ms after SIGTERM, ${inFlight} requests in flight at the signal (one of them held open by its client)`);

    const db = connectDatabase(inject('databaseUrl'), kind, 1);
    try {
      const { rows } = await db.pool.query<{ title: string; history: number }>(
        'SELECT p.title, (SELECT count(*)::int FROM project_history h WHERE h.project_id = p.id) AS history FROM projects p WHERE p.title LIKE $1 ORDER BY p.id',
        [`${tag}%`],
      );
      expect(rows).toHaveLength(burst.length + 1);
      expect(rows.every((r) => r.history === 1)).toBe(true);
    } finally {
      await db.close();
    }
  }, 120_000);

  it(`exits after ${GRACE_MS / 1000} s, saying so, when a request never ends`, async () => {
    const s = await startOnSharedDatabase();
    const planner = await loginOverHttp(s.baseUrl, 'demo-planner');
    const hung = requestInTwoParts(s.port, planner.headers, '/api/projects?hung=1', feature('停机测试 never sent in full'));
    hung.response.catch(() => undefined);
    await s.waitForOutput(requestLogged('/api/projects?hung=1'), 10_000);

    const signalledAt = Date.now();
    s.child.kill('SIGTERM');
    expect(await s.exited, s.output().slice(-3000)).toEqual({ code: 1, signal: null });
    const shutdownMs = Date.now() - signalledAt;
    expect(shutdownMs).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(shutdownMs).toBeLessThan(GRACE_MS + 5_000);
    expect(s.output()).toMatch(/requests still open after 10 s: exiting without them/);
    await expect(hung.response).rejects.toThrow();
  }, 120_000);
});
