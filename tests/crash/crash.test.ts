import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCK_FILE } from '../../server/src/db/embedded.js';
import { SHIGU_POINT } from '../helpers/fixtures.js';
import { createScratchDatabase, loginOverHttp, startServerProcess, type HttpSession, type ServerProcess } from '../helpers/serverProcess.js';

/**
 * Kills the server with SIGKILL while eight clients write, starts it again on
 * the same database, and checks what a user would: every write that was
 * answered 2xx is there, as it was answered, and no write is there in part.
 * On the database of the run: the embedded one in a folder of its own, or a
 * database of its own on the PostgreSQL server of TEST_DATABASE_URL.
 */
const kind = inject('databaseKind');
const CLIENTS = 8;
/** Acknowledged writes before the kill. */
const KILL_AFTER = 120;
const ADMIN = { username: 'crash-admin', password: 'ops-secret-2026' };
const PLANNER = { username: 'crash-planner', password: 'planner-secret-2026' };

let env: Record<string, string>;
let cleanUp: () => Promise<void>;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  const base = { DEMO_DATA: 'off', ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password };
  if (kind === 'postgis') {
    const db = await createScratchDatabase(inject('databaseUrl'), `minsheng_crash_${process.pid}`);
    env = { ...base, DATABASE_URL: db.url };
    cleanUp = db.drop;
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), 'minsheng-crash-'));
    env = { ...base, EMBEDDED_DB_DIR: dir };
    cleanUp = () => rm(dir, { recursive: true, force: true });
  }
});

afterAll(async () => {
  for (const s of servers) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  await cleanUp?.();
});

async function start(): Promise<ServerProcess> {
  const server = await startServerProcess(env);
  servers.push(server);
  return server;
}

/** A write the server answered 2xx: the project, the version it made, and the address it set. */
interface Ack {
  id: number;
  version: number;
  address: string;
}

interface Workload {
  acked: Ack[];
  /** Every write sent, answered or not: `${id}:${version}` (or `new:${address}`) → address. */
  sent: Map<string, string>;
  /** Creates sent that were never answered. */
  unansweredCreates: number;
  inFlightAtKill: number;
}

/** Eight planners at work (creating, and editing what they created) until the server is killed after KILL_AFTER answered writes. */
async function writeUntilKilled(server: ServerProcess, planner: HttpSession): Promise<Workload> {
  const work: Workload = { acked: [], sent: new Map(), unansweredCreates: 0, inFlightAtKill: 0 };
  let inFlight = 0;
  let killed = false;
  const acknowledge = (ack: Ack) => {
    work.acked.push(ack);
    if (!killed && work.acked.length >= KILL_AFTER) {
      killed = true;
      work.inFlightAtKill = inFlight;
      server.child.kill('SIGKILL');
    }
  };
  const client = async (n: number) => {
    const mine: { id: number; version: number }[] = [];
    for (let i = 0; !killed; i++) {
      const editing = mine.length > 0 && i % 3 !== 0;
      const project = editing ? mine[i % mine.length]! : undefined;
      const address = project ? `client ${n} project ${project.id} v${project.version + 1}` : `client ${n} write ${i} v1`;
      work.sent.set(project ? `${project.id}:${project.version + 1}` : `new:${address}`, address);
      inFlight++;
      let response;
      try {
        response = project
          ? await planner.request('PATCH', `/api/projects/${project.id}`, { version: project.version, properties: { address } })
          : await planner.request('POST', '/api/projects', {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [SHIGU_POINT[0] + n * 0.001, SHIGU_POINT[1] + i * 0.0001] },
              properties: { kind: 'streetlight', title: `崩溃测试 ${n}-${i}`, address },
            });
      } catch {
        // The server is gone: this write's outcome is unknown.
        if (!project) work.unansweredCreates++;
        return;
      } finally {
        inFlight--;
      }
      if (response.status !== (project ? 200 : 201)) throw new Error(`client ${n}: ${response.status} ${response.text}`);
      const { id, properties } = response.json() as { id: number; properties: { version: number; address: string } };
      expect(properties.address).toBe(address);
      if (project) project.version = properties.version;
      else mine.push({ id, version: properties.version });
      acknowledge({ id, version: properties.version, address });
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
  return work;
}

interface StoredProject {
  id: number;
  version: number;
  address: string;
  history: { version: number; action: string; changes: { address?: [string | null, string] } }[];
}

async function storedProjects(planner: HttpSession): Promise<Map<number, StoredProject>> {
  const page = (await planner.request('GET', '/api/projects?limit=5000')).json() as { features: { id: number }[] };
  const stored = new Map<number, StoredProject>();
  for (const { id } of page.features) {
    const feature = (await planner.request('GET', `/api/projects/${id}`)).json() as { properties: { version: number; address: string } };
    const history = (await planner.request('GET', `/api/projects/${id}/history`)).json() as StoredProject['history'];
    stored.set(id, { id, version: feature.properties.version, address: feature.properties.address, history });
  }
  return stored;
}

describe(`a server killed in the middle of writes (${kind} database)`, () => {
  it('keeps every answered write as answered, none in part, and starts again', async () => {
    const first = await start();
    const admin = await loginOverHttp(first.baseUrl, ADMIN.username, ADMIN.password);
    const created = await admin.request('POST', '/api/users', { ...PLANNER, display_name: '崩溃测试', role: 'planner' });
    expect(created.status, created.text).toBe(201);
    const planner = await loginOverHttp(first.baseUrl, PLANNER.username, PLANNER.password);

    const work = await writeUntilKilled(first, planner);
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(work.acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
    if (kind === 'embedded') {
      // Left behind, naming a process that is gone: the next start takes it over
      // (as PGlite does its postmaster.pid, which it never checks).
      expect(await readdir(env.EMBEDDED_DB_DIR!)).toContain(LOCK_FILE);
    }

    const restartedAt = Date.now();
    const second = await start();
    const restartMs = Date.now() - restartedAt;
    const stored = await storedProjects(await loginOverHttp(second.baseUrl, PLANNER.username, PLANNER.password));

    for (const ack of work.acked) {
      const project = stored.get(ack.id);
      expect(project, `project ${ack.id}`).toBeDefined();
      expect(project!.version).toBeGreaterThanOrEqual(ack.version);
      const row = project!.history.find((h) => h.version === ack.version);
      expect(row, `history of project ${ack.id} at version ${ack.version}`).toBeDefined();
      if (ack.version === 1) expect(row!.action).toBe('create');
      else expect(row!.changes.address?.[1]).toBe(ack.address);
      if (project!.version === ack.version) expect(project!.address).toBe(ack.address);
    }
    for (const project of stored.values()) {
      // One history row per version, each the write that made it: no change without its row, no row without its change.
      expect(project.history.map((h) => [h.version, h.action])).toEqual(
        Array.from({ length: project.version }, (_, v) => [v + 1, v === 0 ? 'create' : 'update']),
      );
      for (const h of project.history.slice(1)) expect(h.changes.address?.[1]).toBe(work.sent.get(`${project.id}:${h.version}`));
      const last = project.history[project.history.length - 1]!;
      if (last.version > 1) expect(project.address).toBe(last.changes.address?.[1]);
      else expect(work.sent.get(`new:${project.address}`)).toBe(project.address);
    }
    const ackedCreates = new Set(work.acked.filter((a) => a.version === 1).map((a) => a.id)).size;
    expect(stored.size).toBeGreaterThanOrEqual(ackedCreates);
    expect(stored.size).toBeLessThanOrEqual(ackedCreates + work.unansweredCreates);

    const stopping = Date.now();
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    console.log(
      `crash test (${kind}): ${work.acked.length} writes answered before SIGKILL, ${work.inFlightAtKill} in flight; ` +
        `after restart (${restartMs} ms): ${stored.size} projects (${ackedCreates} answered creates, ${work.unansweredCreates} unanswered), ` +
        `${[...stored.values()].reduce((n, p) => n + p.history.length, 0)} history rows; stopped in ${Date.now() - stopping} ms`,
    );
  }, 420_000);
});
