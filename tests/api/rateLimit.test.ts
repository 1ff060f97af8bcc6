import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { connectDatabase } from '../../server/src/db/database.js';
import { loginAs } from '../helpers/auth.js';

let app: FastifyInstance;
beforeAll(async () => {
  const db = connectDatabase(inject('databaseUrl'), inject('databaseKind'), 2);
  app = await buildApp({ db, timeZone: 'Asia/Shanghai', clientDir: '/nonexistent', publicRateLimit: 5 });
  app.addHook('onClose', async () => db.close());
});
afterAll(async () => {
  await app?.close();
});

it('bounds the public API per address with 429 and Retry-After; staff are not counted', async () => {
  const statuses = [];
  for (let i = 0; i < 6; i++) statuses.push((await app.inject('/api/kinds')).statusCode);
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  const limited = await app.inject('/api/projects?limit=1');
  expect(limited.statusCode).toBe(429);
  expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', message_zh: expect.stringContaining('请求过于频繁') });
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  // Another address is not affected.
  expect((await app.inject({ url: '/api/kinds', remoteAddress: '10.0.0.9' })).statusCode).toBe(200);
  // Logging in is not counted (it has its own guard), and a logged-in user from the limited address is not limited.
  const staff = await loginAs(app, 'leader');
  for (let i = 0; i < 10; i++) expect((await staff.inject({ url: '/api/kinds', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
});
