import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

interface AreaFeature {
  id: number;
  bbox: [number, number, number, number];
  geometry: { type: string };
  properties: { name: string; name_en: string; level: string; code: string; parent: number | null; is_demo: boolean; label_point: [number, number] };
}

async function areas(query: string): Promise<AreaFeature[]> {
  const response = await app.inject(`/api/areas${query}`);
  expect(response.statusCode).toBe(200);
  return response.json<{ type: string; features: AreaFeature[] }>().features;
}

describe('GET /api/areas', () => {
  it('lists the county-level areas of the five prefectures with their GB/T 2260 codes', async () => {
    // Other test files add districts of their own; the shipped ones carry six-digit codes.
    const districts = (await areas('?level=district')).filter((d) => /^\d{6}$/.test(d.properties.code));
    expect(districts).toHaveLength(51);
    const shigu = districts.find((d) => d.properties.name === '石鼓区')!;
    expect(shigu.properties).toMatchObject({ code: '430407', name_en: 'Shigu District', level: 'district', parent: null, is_demo: false });
    expect(shigu.geometry.type).toBe('MultiPolygon');
    // 石鼓区 lies around 112.6°E 26.9°N; its label point is inside its box.
    const [minLon, minLat, maxLon, maxLat] = shigu.bbox;
    expect(minLon).toBeLessThan(112.6);
    expect(maxLat).toBeGreaterThan(26.9);
    const [lon, lat] = shigu.properties.label_point;
    expect(lon).toBeGreaterThan(minLon);
    expect(lon).toBeLessThan(maxLon);
    expect(lat).toBeGreaterThan(minLat);
    expect(lat).toBeLessThan(maxLat);
    for (const name of ['澧县', '通山县', '固始县', '扎赉诺尔区']) {
      expect(districts.map((d) => d.properties.name)).toContain(name);
    }
  });

  it('gives the streets of a district by parent, each marked as demo data, and their communities below', async () => {
    const shigu = (await areas('?level=district')).find((d) => d.properties.code === '430407')!;
    const streets = await areas(`?parent=${shigu.id}`);
    expect(streets.length).toBeGreaterThanOrEqual(3);
    for (const street of streets) {
      expect(street.properties).toMatchObject({ level: 'street', parent: shigu.id, is_demo: true });
      expect(street.properties.code.startsWith('430407')).toBe(true);
    }
    const communities = await areas(`?level=community&parent=${streets[0]!.id}`);
    expect(communities.length).toBeGreaterThan(0);
    expect(communities.every((c) => c.properties.parent === streets[0]!.id)).toBe(true);
  });

  it('stores every boundary valid, repaired where the shipped polygon was not', async () => {
    const { rows } = await app.db.pool.query<{ invalid: number }>('SELECT count(*)::int AS invalid FROM areas WHERE NOT ST_IsValid(geom)');
    expect(rows[0]!.invalid).toBe(0);
  });

  it('compresses the boundaries for clients that accept gzip', async () => {
    const response = await app.inject({ url: '/api/areas?level=district', headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.rawPayload.length).toBeLessThan(1_000_000);
  });

  it('refuses an unknown level, naming the parameter', async () => {
    const response = await app.inject('/api/areas?level=province');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ in: 'querystring', field: '/level' });
  });

  it('answers 404 for an area that does not exist', async () => {
    expect((await app.inject('/api/areas/999999')).statusCode).toBe(404);
  });
});
