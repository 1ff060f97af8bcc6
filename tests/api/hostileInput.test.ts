import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { createProject, pointFeature, projectTableCounts } from '../helpers/fixtures.js';

/**
 * What an attacker found on a fresh server (issue 23), each kept as the
 * request that found it: every one must be a clear 4xx naming what is wrong,
 * and change nothing.
 */
let app: FastifyInstance;
let planner: TestSession;
let admin: TestSession;
let projectId: number;
beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
  admin = await loginAs(app, 'admin');
  projectId = (await createProject(planner, pointFeature({ kind: 'streetlight', title: '敌意输入的靶子' }))).id;
});
afterAll(async () => {
  await app.close();
});

interface FieldErrorBody {
  code: string;
  message: string;
  errors?: { in: string; field: string; reason: string; reason_zh: string }[];
}

function expectFieldRefused(response: LightMyRequestResponse, field: string, reason: RegExp) {
  expect(response.statusCode, response.body).toBe(400);
  const body = response.json<FieldErrorBody>();
  expect(body.code).toBe('INVALID_INPUT');
  const error = body.errors?.find((e) => e.field === field);
  expect(error, `no error for ${field} in ${response.body}`).toBeDefined();
  expect(error!.reason).toMatch(reason);
  expect(error!.reason_zh.length).toBeGreaterThan(0);
}

describe('a NUL byte', () => {
  const publicReads = [
    ['/api/projects?q=%00', '/q'],
    ['/api/projects/summary?q=%00', '/q'],
    ['/api/projects/aggregate?level=district&q=%00', '/q'],
    ['/tiles/projects/14/13316/6920.mvt?q=%00', '/q'],
    ['/api/projects/export?format=csv&q=%00', '/q'],
  ] as const;
  it.each(publicReads)('in the query of %s is a 400 naming the field', async (url, field) => {
    expectFieldRefused(await app.inject(url), field, /NUL|control character/);
  });

  it('in a login name is a 400, not a 500, and does not count as a failed login', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a\u0000', password: 'x' } });
    expectFieldRefused(response, '/username', /NUL|control character/);
  });

  it('in a staff write (a title) is a 400 and writes nothing', async () => {
    const before = await projectTableCounts(app);
    const response = await planner.inject({ method: 'POST', url: '/api/projects', payload: pointFeature({ kind: 'streetlight', title: '路灯\u0000' }) });
    expectFieldRefused(response, '/properties/title', /NUL|control character/);
    expect(await projectTableCounts(app)).toEqual(before);
  });

  it('in a unit name and an API key name is a 400', async () => {
    expectFieldRefused(
      await admin.inject({ method: 'POST', url: '/api/units', payload: { name: '单位\u0000' } }),
      '/name',
      /NUL|control character/,
    );
    expectFieldRefused(await admin.inject({ method: 'POST', url: '/api/api-keys', payload: { name: 'key\u0000' } }), '/name', /NUL|control character/);
  });
});

describe('text that is not Unicode', () => {
  it('a lone surrogate in a JSON string is refused, not stored as U+FFFD', async () => {
    const payload = `{"type":"Feature","geometry":{"type":"Point","coordinates":[112.6105,26.9005]},"properties":{"kind":"streetlight","title":"路灯\\ud800"}}`;
    const before = await projectTableCounts(app);
    const response = await planner.inject({ method: 'POST', url: '/api/projects', payload, headers: { 'content-type': 'application/json' } });
    expectFieldRefused(response, '/properties/title', /surrogate|Unicode/);
    expect(await projectTableCounts(app)).toEqual(before);
  });

  it('invalid UTF-8 in a JSON body is a 400 that names the byte, not stored with U+FFFD', async () => {
    const head = Buffer.from('{"type":"Feature","geometry":{"type":"Point","coordinates":[112.6105,26.9005]},"properties":{"kind":"streetlight","title":"路灯');
    const payload = Buffer.concat([head, Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    const before = await projectTableCounts(app);
    const response = await planner.inject({ method: 'POST', url: '/api/projects', payload, headers: { 'content-type': 'application/json' } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json<FieldErrorBody>().code).toBe('INVALID_UTF8');
    expect(response.json<{ message_zh: string }>().message_zh).toMatch(/UTF-8/);
    expect(await projectTableCounts(app)).toEqual(before);
  });

  it('invalid UTF-8 in a query value is a 400', async () => {
    const response = await app.inject('/api/projects?q=%ff%fe');
    expect(response.statusCode, response.body).toBe(400);
  });
});

describe('numbers past what the database holds', () => {
  it.each([
    ['/api/projects?after=99999999999999999999', '/after'],
    ['/api/projects?after=1e309', '/after'],
    ['/ogc/collections/drainage_projects/items?offset=9223372036854775807', '/offset'],
  ])('%s is a 400 naming the field', async (url, field) => {
    expectFieldRefused(await app.inject(url), field, /must be|finite|not be greater/);
  });

  it('an Open311 request id past bigint finds nothing, rather than failing', async () => {
    const response = await app.inject('/open311/v2/requests.json?service_request_id=99999999999999999999');
    expect(response.statusCode, response.body).toBeLessThan(500);
  });
});

describe('the smaller findings', () => {
  it('a malformed URL is a 400 with the security headers', async () => {
    const response = await app.inject(`/api/projects/%ff`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBeDefined();
    expect(response.json<{ code: string }>().code).toBeDefined();
  });

  it('an OGC bbox whose west is east of its east crosses the antimeridian (OGC API Features, Part 1, 7.15.3)', async () => {
    // 170°E → 120°E the long way round: all of China's longitudes are inside.
    const crossing = await app.inject('/ogc/collections/streetlight_projects/items?bbox=170,20,120,30&limit=1000');
    expect(crossing.statusCode, crossing.body).toBe(200);
    const ids = crossing.json<{ features: { id: number }[] }>().features.map((f) => f.id);
    expect(ids).toContain(projectId);
    // 120°E → 100°E the long way round leaves China out.
    const around = await app.inject('/ogc/collections/streetlight_projects/items?bbox=120,20,100,30');
    expect(around.statusCode).toBe(200);
    expect(around.json<{ features: unknown[] }>().features).toHaveLength(0);
  });
});
