import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { connectDatabase } from '../../server/src/db/database.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { pointFeature, projectTableCounts } from '../helpers/fixtures.js';

/**
 * An app of its own with one connection on either database and a tiny wait
 * bound: one request may wait, for one second. Holding the connection stands
 * for a long request (an import's write, a slow tile) that every other request
 * must wait for, as all requests do on the embedded database.
 */
const BOUND = { maxWaiting: 1, maxWaitMs: 1_000 };

let app: FastifyInstance;
let planner: TestSession;
beforeAll(async () => {
  const db = connectDatabase(inject('databaseUrl'), inject('databaseKind'), 1, BOUND);
  app = await buildApp({ db, timeZone: 'Asia/Shanghai', clientDir: '/nonexistent', publicRateLimit: 1_000_000 });
  app.addHook('onClose', async () => db.close());
  await app.ready();
  planner = await loginAs(app, 'planner');
});
afterAll(async () => {
  await app?.close();
});

/** Runs `during` while the pool's only connection is taken. */
async function withConnectionHeld<T>(during: () => Promise<T>): Promise<T> {
  const held = await app.db.pool.connect();
  try {
    return await during();
  } finally {
    held.release();
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const create = (title: string) => planner.inject({ method: 'POST', url: '/api/projects', payload: pointFeature({ kind: 'drainage', title }) });

function expectBusy(response: LightMyRequestResponse) {
  expect(response.statusCode, response.body).toBe(503);
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.json()).toMatchObject({
    statusCode: 503,
    error: 'Service Unavailable',
    code: 'DATABASE_BUSY',
    message: expect.stringContaining('nothing was changed'),
    message_zh: expect.stringContaining('服务器繁忙'),
  });
}

describe('when every database connection is busy', () => {
  it('refuses the requests beyond the queue at once and the waiting one when its time is up: 503, Retry-After, nothing written', async () => {
    const before = await projectTableCounts(app);
    // All of them settle while the connection is still held: none hangs.
    const responses = await withConnectionHeld(() =>
      Promise.all([app.inject('/api/projects?limit=1'), create('排队被拒 1'), create('排队被拒 2'), app.inject('/api/projects?kind=drainage&limit=1')]),
    );
    for (const response of responses) expectBusy(response);
    const messages = responses.map((r) => r.json<{ message: string }>().message);
    expect(messages.filter((m) => m.includes('the queue for a database connection is full (1 waiting)')).length).toBeGreaterThan(0);
    expect(messages.filter((m) => m.includes('no database connection became free within 1000 ms')).length).toBeGreaterThan(0);
    expect(await projectTableCounts(app)).toEqual(before);
  });

  it('queues a request within the bound and answers it once the connection is free', async () => {
    const before = await projectTableCounts(app);
    const held = await app.db.pool.connect();
    const waiting = create('排队后写入');
    await until(() => app.db.pool.waitingCount === 1);
    held.release();
    const response = await waiting;
    expect(response.statusCode, response.body).toBe(201);
    expect(await projectTableCounts(app)).toEqual({ projects: before.projects + 1, history: before.history + 1 });
  });

  it('serves normally again once the connection is free', async () => {
    await withConnectionHeld(() => Promise.all([app.inject('/api/projects?limit=1'), create('繁忙时'), create('繁忙时')]));
    const read = await app.inject('/api/projects?kind=drainage&limit=1');
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().numberReturned).toBe(1);
    expect((await create('繁忙过后')).statusCode).toBe(201);
    expect(app.db.pool.waitingCount).toBe(0);
  });
});
