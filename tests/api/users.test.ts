import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureInitialAdmin } from '../../server/src/services/users.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { areaIdNamed } from '../helpers/fixtures.js';

let app: FastifyInstance;
let admin: TestSession;
beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, 'admin');
});
afterAll(async () => {
  await app?.close();
});

const userCount = async () => (await app.db.pool.query('SELECT count(*)::int AS n FROM users')).rows[0].n as number;
const create = (payload: object) => admin.inject({ method: 'POST', url: '/api/users', payload });

describe('users, for administrators', () => {
  it('lists the users without any password hash', async () => {
    const response = await admin.inject('/api/users');
    expect(response.statusCode).toBe(200);
    expect(response.json().map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['demo-admin', 'demo-planner', 'demo-unit', 'demo-leader']));
    expect(response.body).not.toMatch(/argon2|password/);
  });

  it('creates a unit user who then sees only that unit', async () => {
    const { rows } = await app.db.pool.query<{ id: number }>('SELECT id FROM units ORDER BY id DESC LIMIT 1');
    const unitId = rows[0]!.id;
    const response = await create({ username: 'street-office-1', display_name: '测试街道办', password: 'correct horse battery', role: 'unit', unit_id: unitId });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ role: 'unit', unit_id: unitId, disabled: false, is_demo: false });
    const s = await loginAs(app, 'unit', { username: 'street-office-1', password: 'correct horse battery' });
    const list = (await s.inject('/api/projects?limit=5000')).json();
    expect(list.features.every((f: { properties: { unit_id: number } }) => f.properties.unit_id === unitId)).toBe(true);
  });

  it.each([
    ['a unit user without a unit', { username: 'u-no-unit', display_name: 'x', password: 'long enough pw', role: 'unit' }, '/unit_id'],
    ['a planner with a unit', { username: 'p-with-unit', display_name: 'x', password: 'long enough pw', role: 'planner', unit_id: 1 }, '/unit_id'],
    ['a unit that does not exist', { username: 'u-bad-unit', display_name: 'x', password: 'long enough pw', role: 'unit', unit_id: 987654 }, '/unit_id'],
    ['a taken username (in another case)', { username: 'DEMO-ADMIN', display_name: 'x', password: 'long enough pw', role: 'admin' }, '/username'],
    ['a short password', { username: 'short-pw', display_name: 'x', password: 'short', role: 'leader' }, '/password'],
    ['a password holding the username', { username: 'zhangsan', display_name: 'x', password: 'zhangsan-2026', role: 'leader' }, '/password'],
    ['a username with spaces', { username: 'zhang san', display_name: 'x', password: 'long enough pw', role: 'leader' }, '/username'],
    ['an unknown role', { username: 'new-role', display_name: 'x', password: 'long enough pw', role: 'mayor' }, '/role'],
    ['a blank display name', { username: 'blank-name', display_name: '  ', password: 'long enough pw', role: 'leader' }, '/display_name'],
  ])('refuses %s, naming the field, and creates nobody', async (_, payload, field) => {
    const before = await userCount();
    const response = await create(payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await userCount()).toBe(before);
  });

  it('does not let an administrator lock themselves out', async () => {
    const response = await admin.inject({ method: 'PATCH', url: `/api/users/${admin.userId}`, payload: { disabled: true } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('/disabled');
  });

  it('adds and renames a responsible unit, refusing a duplicate name in the district', async () => {
    const district = await areaIdNamed(app, '石鼓区');
    const added = await admin.inject({ method: 'POST', url: '/api/units', payload: { name: '测试排水公司', district_id: district } });
    expect(added.statusCode, added.body).toBe(201);
    const dup = await admin.inject({ method: 'POST', url: '/api/units', payload: { name: '测试排水公司', district_id: district } });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0].field).toBe('/name');
    const renamed = await admin.inject({ method: 'PATCH', url: `/api/units/${added.json().id}`, payload: { name: '测试排水有限公司' } });
    expect(renamed.json()).toMatchObject({ name: '测试排水有限公司', district_id: district });
    const street = await app.db.pool.query<{ id: number }>("SELECT id FROM areas WHERE level = 'street' LIMIT 1");
    const notDistrict = await admin.inject({ method: 'POST', url: '/api/units', payload: { name: '街道单位', district_id: street.rows[0]!.id } });
    expect(notDistrict.statusCode).toBe(400);
    expect(notDistrict.json().errors[0].field).toBe('/district_id');
  });
});

describe('the first administrator', () => {
  it('is created from ADMIN_USERNAME / ADMIN_PASSWORD once, and left alone afterwards', async () => {
    const log = { info: () => undefined };
    await ensureInitialAdmin(app.db.pool, { username: 'first-admin', password: 'from-the-environment' }, log);
    await ensureInitialAdmin(app.db.pool, { username: 'first-admin', password: 'a-different-one' }, log);
    const { rows } = await app.db.pool.query("SELECT role FROM users WHERE username = 'first-admin'");
    expect(rows).toEqual([{ role: 'admin' }]);
    const s = await loginAs(app, 'admin', { username: 'first-admin', password: 'from-the-environment' });
    expect((await s.inject('/api/users')).statusCode).toBe(200);
  });
});
