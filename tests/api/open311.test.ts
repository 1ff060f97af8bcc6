import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { SHIGU_POINT } from '../helpers/fixtures.js';

/** The fields GeoReport v2 gives every service request. */
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];

let app: FastifyInstance;
let admin: TestSession;
let apiKey: string;
let keyId: number;
let secrets: string[];

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, 'admin');
  const issued = await admin.inject({ method: 'POST', url: '/api/api-keys', payload: { name: '12345热线' } });
  expect(issued.statusCode, issued.body).toBe(201);
  apiKey = issued.json().key;
  keyId = issued.json().id;
  const { rows } = await app.db.pool.query<{ v: string }>(
    'SELECT DISTINCT v FROM (SELECT reporter_name AS v FROM projects UNION ALL SELECT reporter_phone FROM projects) s WHERE v IS NOT NULL',
  );
  secrets = rows.map((r) => r.v);
});
afterAll(async () => {
  await app?.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (fields: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
const [long, lat] = SHIGU_POINT.map(String) as [string, string];

describe('Open311 GeoReport v2', () => {
  it('lists each kind as a service with the specification’s fields', async () => {
    const services = (await app.inject('/open311/v2/services.json')).json();
    expect(services.map((s: { service_code: string }) => s.service_code)).toEqual(['streetlight', 'drainage', 'compound', 'charging']);
    for (const s of services) {
      expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
      expect(s.type).toBe('realtime');
      expect(typeof s.metadata).toBe('boolean');
    }
  });

  it('defines a service’s attributes', async () => {
    const definition = (await app.inject('/open311/v2/services/drainage.json')).json();
    expect(definition.service_code).toBe('drainage');
    expect(definition.attributes.length).toBeGreaterThan(0);
    for (const a of definition.attributes) {
      expect(a).toMatchObject({ variable: true, required: false, code: expect.any(String), order: expect.any(Number) });
      expect(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']).toContain(a.datatype);
    }
    const missing = await app.inject('/open311/v2/services/fitness.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: expect.any(String) }]);
  });

  it('answers requests with every field, public ones only, open or closed as asked', async () => {
    const all = (await app.inject('/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z')).json();
    expect(all.length).toBeGreaterThan(100);
    for (const r of all) {
      expect(Object.keys(r).sort()).toEqual([...REQUEST_FIELDS].sort());
      expect(['open', 'closed']).toContain(r.status);
    }
    const body = JSON.stringify(all);
    expect(secrets.filter((s) => body.includes(s))).toEqual([]);
    const closed = (await app.inject('/open311/v2/requests.json?status=closed&service_code=charging&start_date=2000-01-01T00:00:00Z')).json();
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((r: { status: string; service_code: string }) => r.status === 'closed' && r.service_code === 'charging')).toBe(true);
    const assigned = all.find((r: { agency_responsible: string | null; expected_datetime: string | null }) => r.agency_responsible && r.expected_datetime);
    expect(assigned.expected_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\+08:00$/);
    const ids = all.slice(0, 3).map((r: { service_request_id: string }) => r.service_request_id);
    const some = (await app.inject(`/open311/v2/requests.json?service_request_id=${ids.join(',')}`)).json();
    expect(some.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([...ids].sort());
    const one = (await app.inject(`/open311/v2/requests/${ids[0]}.json`)).json();
    expect(one).toHaveLength(1);
    expect((await app.inject('/open311/v2/requests/987654321.json')).statusCode).toBe(404);
  });

  it('refuses bad searches with the specification’s error shape', async () => {
    for (const query of ['status=pending', 'service_code=ufo', 'start_date=yesterday']) {
      const response = await app.inject(`/open311/v2/requests.json?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual([{ code: 400, description: expect.any(String) }]);
    }
  });

  it('creates a reported project from a POST with a key; the contact stays private', async () => {
    const response = await post({
      api_key: apiKey,
      service_code: 'streetlight',
      lat,
      long,
      address_string: '桑园路 12 号',
      description: '桑园路北段路灯连续三晚不亮',
      first_name: '小明',
      last_name: '李',
      phone: '13855556666',
      email: 'li@example.cn',
      'attribute[lamps_repaired]': '0',
    });
    expect(response.statusCode, response.body).toBe(201);
    const [created] = response.json();
    expect(created.service_request_id).toMatch(/^\d+$/);
    const { rows } = await app.db.pool.query('SELECT status, reporter_name, reporter_phone, internal_note, attributes FROM projects WHERE id = $1', [Number(created.service_request_id)]);
    expect(rows[0]).toMatchObject({ status: 'reported', reporter_name: '李小明', reporter_phone: '13855556666', attributes: { lamps_repaired: 0 } });
    expect(rows[0].internal_note).toContain('li@example.cn');
    const history = await app.db.pool.query('SELECT actor, action FROM project_history WHERE project_id = $1', [Number(created.service_request_id)]);
    expect(history.rows).toEqual([{ actor: 'open311:12345热线', action: 'create' }]);
    const read = (await app.inject(`/open311/v2/requests/${created.service_request_id}.json`)).json()[0];
    expect(read).toMatchObject({ status: 'open', service_code: 'streetlight', address: '桑园路 12 号', description: '桑园路北段路灯连续三晚不亮' });
    expect(JSON.stringify(read)).not.toMatch(/13855556666|李小明|example\.cn/);
  });

  it.each([
    ['no api_key', { service_code: 'streetlight', lat, long }, 403],
    ['a wrong api_key', { api_key: 'msk_nope', service_code: 'streetlight', lat, long }, 403],
    ['no location', { service_code: 'streetlight', address_string: '桑园路' }, 400],
    ['an area kind at a point', { service_code: 'compound', lat, long }, 400],
    ['an unknown service', { service_code: 'fitness', lat, long }, 400],
    ['a phone with letters', { service_code: 'drainage', lat, long, phone: 'call me' }, 400],
    ['a point outside the world', { service_code: 'drainage', lat: '95', long }, 400],
  ])('refuses a POST with %s and stores nothing', async (_, fields, status) => {
    const before = (await app.db.pool.query('SELECT count(*)::int AS n FROM projects')).rows[0].n;
    const response = await post({ ...(status === 403 ? {} : { api_key: apiKey }), ...fields });
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json()).toEqual([{ code: status, description: expect.any(String) }]);
    expect((await app.db.pool.query('SELECT count(*)::int AS n FROM projects')).rows[0].n).toBe(before);
  });

  it('stops taking reports from a revoked key', async () => {
    const issued = (await admin.inject({ method: 'POST', url: '/api/api-keys', payload: { name: '临时' } })).json();
    expect((await post({ api_key: issued.key, service_code: 'charging', lat, long })).statusCode).toBe(201);
    expect((await admin.inject({ method: 'DELETE', url: `/api/api-keys/${issued.id}` })).statusCode).toBe(204);
    expect((await post({ api_key: issued.key, service_code: 'charging', lat, long })).statusCode).toBe(403);
    const keys = (await admin.inject('/api/api-keys')).json();
    expect(keys.find((k: { id: number }) => k.id === issued.id)).toMatchObject({ revoked: true });
    expect(JSON.stringify(keys)).not.toContain(issued.key);
    expect(keys.some((k: { id: number }) => k.id === keyId)).toBe(true);
  });

  it('rate-limits reports per key', async () => {
    const issued = (await admin.inject({ method: 'POST', url: '/api/api-keys', payload: { name: '压力测试' } })).json();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await post({ api_key: issued.key, service_code: 'drainage', lat, long })).statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses[30]).toBe(429);
  });
});
