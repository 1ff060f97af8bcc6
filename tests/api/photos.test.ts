import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES } from '../../server/src/domain/photo.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { projectAt, type ProjectRef } from '../helpers/loop.js';

let app: FastifyInstance;
let unit: TestSession;
let project: ProjectRef;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1), Buffer.from([0xff, 0xd9])]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([30, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(22, 0)]);

beforeAll(async () => {
  app = await startTestApp();
  const planner = await loginAs(app, 'planner');
  unit = await loginAs(app, 'unit');
  project = await projectAt(planner, 'in_progress', unit.unitId!);
});
afterAll(async () => {
  await app?.close();
});

const upload = (body: Buffer | string, contentType: string, query = 'stage=after') =>
  unit.inject({ method: 'POST', url: `/api/projects/${project.id}/photos?${query}`, payload: body, headers: { 'content-type': contentType } });

async function photoRows(): Promise<{ photos: number; history: number }> {
  const { rows } = await app.db.pool.query(
    `SELECT (SELECT count(*) FROM project_photos WHERE project_id = $1)::int AS photos,
            (SELECT count(*) FROM project_history WHERE project_id = $1)::int AS history`,
    [project.id],
  );
  return rows[0];
}

describe('photos of the work', () => {
  it.each([
    ['JPEG', JPEG, 'image/jpeg'],
    ['PNG', PNG, 'image/png'],
    ['WebP', WEBP, 'image/webp'],
  ])('stores a %s with a history row, and serves it back byte for byte', async (_, bytes, type) => {
    const before = await photoRows();
    const response = await upload(bytes, type, 'stage=after&public=true&caption=%E6%95%B4%E6%94%B9%E5%90%8E');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ stage: 'after', content_type: type, byte_size: bytes.length, is_public: true, caption: '整改后', uploaded_by: 'demo-unit' });
    expect(await photoRows()).toEqual({ photos: before.photos + 1, history: before.history + 1 });
    const served = await app.inject(response.json().url);
    expect(served.headers['content-type']).toBe(type);
    expect(served.rawPayload.equals(bytes)).toBe(true);
  });

  it.each([
    ['a script declared as a JPEG', Buffer.from('<script>alert(1)</script>'), 'image/jpeg', 415],
    ['a PNG declared as a JPEG', PNG, 'image/jpeg', 415],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/gif', 415],
    ['an empty body', Buffer.alloc(0), 'image/png', 400],
    ['a photo over 5 MiB', Buffer.concat([PNG, Buffer.alloc(MAX_PHOTO_BYTES)]), 'image/png', 413],
  ])('refuses %s and stores nothing', async (_, bytes, type, status) => {
    const before = await photoRows();
    const response = await upload(bytes, type);
    expect(response.statusCode, response.body).toBe(status);
    expect(await photoRows()).toEqual(before);
  });

  it('refuses a missing or unknown stage, naming it', async () => {
    for (const query of ['', 'stage=during']) {
      const response = await upload(PNG, 'image/png', query);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0]).toMatchObject({ in: 'querystring', field: '/stage' });
    }
  });

  it('lists only public photos to the public, all to staff', async () => {
    await upload(PNG, 'image/png', 'stage=before&public=false');
    const staff = (await unit.inject(`/api/projects/${project.id}/photos`)).json() as { is_public: boolean }[];
    const publicList = (await app.inject(`/api/projects/${project.id}/photos`)).json() as { is_public: boolean; uploaded_by?: string }[];
    expect(staff.some((p) => !p.is_public)).toBe(true);
    expect(publicList.length).toBeGreaterThan(0);
    expect(publicList.every((p) => p.is_public && p.uploaded_by === undefined)).toBe(true);
  });
});
