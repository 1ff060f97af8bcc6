import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/src/domain/roles.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { pointFeature } from '../helpers/fixtures.js';
import { projectAt, type ProjectRef } from '../helpers/loop.js';

/**
 * Every route that reads or writes something a role decides, against every
 * role, with the exact status code each must get. A unit user touching
 * another unit's project gets 404 (it must not learn the project exists), not 403.
 */
type Who = 'public' | Role;
const WHO: readonly Who[] = ['public', 'admin', 'planner', 'unit', 'leader'];

let app: FastifyInstance;
const sessions = {} as Record<Role, TestSession>;
let ownUnit: number;
let otherUnit: number;
let tinyPng: Buffer;

beforeAll(async () => {
  app = await startTestApp();
  for (const role of ['admin', 'planner', 'unit', 'leader'] as const) sessions[role] = await loginAs(app, role);
  ownUnit = sessions.unit.unitId!;
  const { rows } = await app.db.pool.query<{ id: number }>('SELECT id FROM units WHERE id <> $1 ORDER BY id LIMIT 1', [ownUnit]);
  otherUnit = rows[0]!.id;
  tinyPng = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
});
afterAll(async () => {
  await app?.close();
});

function send(who: Who, options: InjectOptions): Promise<LightMyRequestResponse> {
  return who === 'public' ? app.inject(options) : sessions[who].inject(options);
}

interface Cell {
  /** What the request does, in words. */
  name: string;
  /** Builds the request, creating whatever fixture it needs first (fresh for each role, so writes do not interfere). */
  request: () => Promise<InjectOptions>;
  expected: Record<Who, number>;
}

const own = (status: ProjectRef['status']) => projectAt(sessions.planner, status, ownUnit);
const other = (status: ProjectRef['status']) => projectAt(sessions.planner, status, otherUnit);
const uniqueName = () => `matrix-${Math.random().toString(36).slice(2, 10)}`;

const CELLS: Cell[] = [
  {
    name: 'GET /api/projects (list)',
    request: async () => ({ url: '/api/projects?limit=10' }),
    expected: { public: 200, admin: 200, planner: 200, unit: 200, leader: 200 },
  },
  {
    name: "GET /api/projects/:id of the unit's own project",
    request: async () => ({ url: `/api/projects/${(await own('assigned')).id}` }),
    expected: { public: 200, admin: 200, planner: 200, unit: 200, leader: 200 },
  },
  {
    name: "GET /api/projects/:id of another unit's project",
    request: async () => ({ url: `/api/projects/${(await other('assigned')).id}` }),
    expected: { public: 200, admin: 200, planner: 200, unit: 404, leader: 200 },
  },
  {
    name: "GET /api/projects/:id/history of another unit's project",
    request: async () => ({ url: `/api/projects/${(await other('assigned')).id}/history` }),
    expected: { public: 200, admin: 200, planner: 200, unit: 404, leader: 200 },
  },
  {
    name: 'POST /api/projects (create)',
    request: async () => ({ method: 'POST', url: '/api/projects', payload: pointFeature({ kind: 'drainage', title: '矩阵测试' }) }),
    expected: { public: 401, admin: 403, planner: 201, unit: 403, leader: 403 },
  },
  {
    name: "PATCH /api/projects/:id (edit the unit's own project)",
    request: async () => {
      const p = await own('assigned');
      return { method: 'PATCH', url: `/api/projects/${p.id}`, payload: { version: p.version, properties: { address: '桑园路' } } };
    },
    expected: { public: 401, admin: 403, planner: 200, unit: 403, leader: 403 },
  },
  {
    name: 'DELETE /api/projects/:id',
    request: async () => {
      const p = await own('reported');
      return { method: 'DELETE', url: `/api/projects/${p.id}?version=${p.version}` };
    },
    expected: { public: 401, admin: 403, planner: 204, unit: 403, leader: 403 },
  },
  {
    name: 'POST transitions: assign a reported project',
    request: async () => {
      const p = await own('reported');
      return { method: 'POST', url: `/api/projects/${p.id}/transitions`, payload: { to: 'assigned', unit_id: ownUnit, version: p.version } };
    },
    // A reported project has no unit yet, so for the unit user it is not its own: 404.
    expected: { public: 401, admin: 403, planner: 200, unit: 404, leader: 403 },
  },
  {
    name: "POST transitions: start work on the unit's own project",
    request: async () => {
      const p = await own('assigned');
      return { method: 'POST', url: `/api/projects/${p.id}/transitions`, payload: { to: 'in_progress', version: p.version } };
    },
    expected: { public: 401, admin: 403, planner: 200, unit: 200, leader: 403 },
  },
  {
    name: "POST transitions: start work on another unit's project",
    request: async () => {
      const p = await other('assigned');
      return { method: 'POST', url: `/api/projects/${p.id}/transitions`, payload: { to: 'in_progress', version: p.version } };
    },
    expected: { public: 401, admin: 403, planner: 200, unit: 404, leader: 403 },
  },
  {
    name: "POST transitions: complete the unit's own project",
    request: async () => {
      const p = await own('in_progress');
      return { method: 'POST', url: `/api/projects/${p.id}/transitions`, payload: { to: 'completed', note: '已修复', version: p.version } };
    },
    expected: { public: 401, admin: 403, planner: 200, unit: 200, leader: 403 },
  },
  {
    name: "POST transitions: verify the unit's own project (the unit may not verify its own work)",
    request: async () => {
      const p = await own('completed');
      return { method: 'POST', url: `/api/projects/${p.id}/transitions`, payload: { to: 'verified', satisfaction: 4, version: p.version } };
    },
    expected: { public: 401, admin: 403, planner: 200, unit: 403, leader: 403 },
  },
  {
    name: "POST transitions: cancel the unit's own project",
    request: async () => {
      const p = await own('assigned');
      return { method: 'POST', url: `/api/projects/${p.id}/transitions`, payload: { to: 'cancelled', note: '重复', version: p.version } };
    },
    expected: { public: 401, admin: 403, planner: 200, unit: 403, leader: 403 },
  },
  {
    name: "POST /api/projects/:id/photos on the unit's own project",
    request: async () => ({
      method: 'POST',
      url: `/api/projects/${(await own('in_progress')).id}/photos?stage=before`,
      payload: tinyPng,
      headers: { 'content-type': 'image/png' },
    }),
    expected: { public: 401, admin: 403, planner: 201, unit: 201, leader: 403 },
  },
  {
    name: "POST /api/projects/:id/photos on another unit's project",
    request: async () => ({
      method: 'POST',
      url: `/api/projects/${(await other('in_progress')).id}/photos?stage=before`,
      payload: tinyPng,
      headers: { 'content-type': 'image/png' },
    }),
    expected: { public: 401, admin: 403, planner: 201, unit: 404, leader: 403 },
  },
  {
    name: 'GET /api/tasks',
    request: async () => ({ url: '/api/tasks' }),
    expected: { public: 401, admin: 200, planner: 200, unit: 200, leader: 200 },
  },
  {
    name: 'GET /api/me',
    request: async () => ({ url: '/api/me' }),
    expected: { public: 401, admin: 200, planner: 200, unit: 200, leader: 200 },
  },
  {
    name: 'GET /api/users',
    request: async () => ({ url: '/api/users' }),
    expected: { public: 401, admin: 200, planner: 403, unit: 403, leader: 403 },
  },
  {
    name: 'POST /api/users',
    request: async () => ({
      method: 'POST',
      url: '/api/users',
      payload: { username: uniqueName(), display_name: '新用户', password: 'a-long-password', role: 'leader' },
    }),
    expected: { public: 401, admin: 201, planner: 403, unit: 403, leader: 403 },
  },
  {
    name: 'POST /api/api-keys (Open311 keys)',
    request: async () => ({ method: 'POST', url: '/api/api-keys', payload: { name: uniqueName() } }),
    expected: { public: 401, admin: 201, planner: 403, unit: 403, leader: 403 },
  },
  {
    name: 'GET /api/projects/export (CSV)',
    request: async () => ({ url: '/api/projects/export?format=csv&kind=charging' }),
    expected: { public: 200, admin: 200, planner: 200, unit: 200, leader: 200 },
  },
  {
    name: 'PATCH /api/areas/:id (rename an area)',
    request: async () => {
      const { rows } = await app.db.pool.query<{ id: number; name: string }>("SELECT id, name FROM areas WHERE level = 'community' ORDER BY id LIMIT 1");
      return { method: 'PATCH', url: `/api/areas/${rows[0]!.id}`, payload: { name: rows[0]!.name } };
    },
    expected: { public: 401, admin: 200, planner: 403, unit: 403, leader: 403 },
  },
  {
    name: 'POST /api/units',
    request: async () => ({ method: 'POST', url: '/api/units', payload: { name: uniqueName() } }),
    expected: { public: 401, admin: 201, planner: 403, unit: 403, leader: 403 },
  },
  ...(['units', 'staff', 'compounds'] as const).map((kind) => ({
    name: `POST /api/list-imports?kind=${kind} (upload a list)`,
    request: async () => ({
      method: 'POST',
      url: `/api/list-imports?kind=${kind}&file_name=list.csv`,
      headers: { 'content-type': 'text/csv' },
      payload: kind === 'units' ? '区县,单位名称\n' : kind === 'staff' ? '姓名,账号,角色\n' : '小区名称,户数,经度,纬度\n',
    }),
    expected: { public: 401, admin: 201, planner: 403, unit: 403, leader: 403 },
  })),
  {
    name: 'POST /api/layers/compounds',
    request: async () => ({
      method: 'POST',
      url: '/api/layers/compounds',
      payload: { type: 'FeatureCollection', features: [] },
    }),
    expected: { public: 401, admin: 400, planner: 403, unit: 403, leader: 403 },
  },
  {
    name: 'GET /api/dashboard',
    request: async () => ({ url: '/api/dashboard' }),
    expected: { public: 401, admin: 200, planner: 200, unit: 403, leader: 200 },
  },
  {
    name: 'GET /api/reports/weekly (CSV)',
    request: async () => ({ url: '/api/reports/weekly?format=csv' }),
    expected: { public: 401, admin: 200, planner: 200, unit: 403, leader: 200 },
  },
];

describe.each(CELLS)('$name', (cell) => {
  it.each(WHO)('as %s', async (who) => {
    const response = await send(who, await cell.request());
    expect(response.statusCode, response.body.slice(0, 300)).toBe(cell.expected[who]);
  });
});
