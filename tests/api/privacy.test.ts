import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { projectAt } from '../helpers/loop.js';
import { areaIdNamed } from '../helpers/fixtures.js';

/**
 * Nothing private reaches the public: every public read of the API is scanned
 * for the demo reporters' names and phones and for internal notes. The embed
 * page's rendered content is scanned by the e2e test of the embed.
 */
let app: FastifyInstance;
let planner: TestSession;
let secrets: string[];
let privatePhotoId: number;
let publicPhotoId: number;
let projectIds: number[];

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
  const unit = await loginAs(app, 'unit');
  // A project of our own with every private field filled, a private and a public photo.
  const p = await projectAt(planner, 'in_progress', unit.unitId!, '隐私测试项目');
  const edit = await planner.inject({
    method: 'PATCH',
    url: `/api/projects/${p.id}`,
    payload: { version: p.version, properties: { reporter_name: '隐私测试·王秘密', reporter_phone: '13712345678', internal_note: '内部备注·不得公开' } },
  });
  expect(edit.statusCode, edit.body).toBe(200);
  const upload = (isPublic: boolean, caption: string) =>
    unit.inject({ method: 'POST', url: `/api/projects/${p.id}/photos?stage=before&public=${isPublic}&caption=${encodeURIComponent(caption)}`, payload: PNG, headers: { 'content-type': 'image/png' } });
  privatePhotoId = (await upload(false, '私密照片说明')).json().id;
  publicPhotoId = (await upload(true, '公开照片')).json().id;

  const { rows } = await app.db.pool.query<{ v: string }>(
    `SELECT DISTINCT v FROM (
       SELECT reporter_name AS v FROM projects UNION ALL SELECT reporter_phone FROM projects UNION ALL SELECT internal_note FROM projects
       UNION ALL SELECT caption FROM project_photos WHERE NOT is_public
     ) s WHERE v IS NOT NULL AND length(v) >= 2`,
  );
  secrets = rows.map((r) => r.v);
  const ids = await app.db.pool.query<{ id: number }>('SELECT id FROM projects WHERE deleted_at IS NULL ORDER BY id');
  projectIds = ids.rows.map((r) => r.id);
});
afterAll(async () => {
  await app?.close();
});

function leaks(body: string): string[] {
  return secrets.filter((s) => body.includes(s));
}

async function publicBodies(urls: string[]): Promise<{ url: string; status: number; body: string }[]> {
  const out = [];
  for (const url of urls) {
    const r = await app.inject(url);
    out.push({ url, status: r.statusCode, body: r.body });
  }
  return out;
}

describe('public reads leak nothing private', () => {
  it('there are secrets to look for: demo reporters, phones, internal notes, private captions', () => {
    expect(secrets.length).toBeGreaterThan(50);
    expect(secrets).toEqual(expect.arrayContaining(['隐私测试·王秘密', '13712345678', '内部备注·不得公开', '私密照片说明']));
  });

  it('in every project, its history and its photos', async () => {
    const urls = projectIds.flatMap((id) => [`/api/projects/${id}`, `/api/projects/${id}/history`, `/api/projects/${id}/photos`]);
    const bodies = await publicBodies(urls);
    expect(bodies.filter((b) => b.status !== 200)).toEqual([]);
    const found = bodies.map((b) => ({ url: b.url, leaks: leaks(b.body) })).filter((b) => b.leaks.length > 0);
    expect(found).toEqual([]);
  });

  it('in the lists, areas, units, kinds, coverage, gaps, config and the demo accounts', async () => {
    const area = await areaIdNamed(app, '石鼓区');
    const urls = [
      '/api/projects?limit=5000',
      `/api/projects?limit=5000&area=${area}`,
      '/api/projects?limit=5000&overdue=true',
      '/api/projects/summary',
      '/api/projects/aggregate?level=district',
      `/api/projects/aggregate?level=street&area=${area}`,
      '/api/areas',
      `/api/areas/${area}`,
      '/api/units',
      '/api/kinds',
      '/api/config',
      '/api/health',
      '/api/auth/demo-accounts',
      `/api/coverage?area=${area}&kind=charging`,
      `/api/coverage/children?area=${area}&kind=drainage`,
      `/api/gaps?area=${area}&kind=charging`,
    ];
    const bodies = await publicBodies(urls);
    expect(bodies.filter((b) => b.status !== 200).map((b) => `${b.url} ${b.status} ${b.body.slice(0, 200)}`)).toEqual([]);
    expect(bodies.map((b) => ({ url: b.url, leaks: leaks(b.body) })).filter((b) => b.leaks.length > 0)).toEqual([]);
  });

  it('a photo not marked public is not found by the public; a public one is served', async () => {
    expect((await app.inject(`/api/photos/${privatePhotoId}`)).statusCode).toBe(404);
    const shown = await app.inject(`/api/photos/${publicPhotoId}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('image/png');
    expect(shown.rawPayload.equals(PNG)).toBe(true);
    expect((await planner.inject(`/api/photos/${privatePhotoId}`)).statusCode).toBe(200);
  });

  it('staff do see the private fields', async () => {
    const { rows } = await app.db.pool.query<{ id: number }>("SELECT id FROM projects WHERE reporter_name = '隐私测试·王秘密'");
    const body = (await planner.inject(`/api/projects/${rows[0]!.id}`)).body;
    expect(leaks(body)).toEqual(expect.arrayContaining(['隐私测试·王秘密', '13712345678', '内部备注·不得公开']));
  });
});
