import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';

/**
 * A hand-built district far from the demo data (100.00–100.10°E, 40.00–40.10°N),
 * split into a west and an east street, where every figure is worked out by hand.
 */
let app: FastifyInstance;
const ids: Record<string, number> = {};

/** WGS 84: metres per degree of longitude along a parallel, and of latitude, at 40°N. */
const A = 6_378_137;
const E2 = 0.00669437999014;
const PHI = (40 * Math.PI) / 180;
const N = A / Math.sqrt(1 - E2 * Math.sin(PHI) ** 2);
const M = (A * (1 - E2)) / (1 - E2 * Math.sin(PHI) ** 2) ** 1.5;
const metresPerDegreeLon = (latitude: number) => {
  const phi = (latitude * Math.PI) / 180;
  return ((Math.PI / 180) * A * Math.cos(phi)) / Math.sqrt(1 - E2 * Math.sin(phi) ** 2);
};

async function sql(text: string, params: unknown[] = []) {
  return app.db.pool.query(text, params);
}

async function area(code: string, level: string, parent: number | null, box: [number, number, number, number]): Promise<number> {
  const { rows } = await sql(
    `INSERT INTO areas (code, name, name_en, level, parent_id, geom)
     VALUES ($1, $1, $1, $2, $3, ST_Multi(ST_MakeEnvelope($4, $5, $6, $7, 4326))) RETURNING id`,
    [code, level, parent, ...box],
  );
  return rows[0].id;
}

/** A compound as a point `metres` from the site S1 at `azimuth` degrees. */
async function compoundFromSite(name: string, metres: number, azimuth: number, households: number, year: number) {
  await sql(
    `INSERT INTO compounds (name, households, year_built, geom)
     VALUES ($1, $2, $3, ST_Project(ST_SetSRID(ST_MakePoint(100.025, 40.05), 4326)::geography, $4::float8, radians($5::float8))::geometry)`,
    [name, households, year, metres, azimuth],
  );
}

async function project(kind: string, status: string, geometry: object, extra: { attributes?: object; reported_on?: string; completed_on?: string; deadline?: string } = {}) {
  await sql(
    `INSERT INTO projects (kind, title, status, geom, attributes, reported_on, completed_on, deadline)
     VALUES ($1, $2, $3, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326), $5::jsonb, $6, $7, $8)`,
    [kind, `fixture ${kind} ${status}`, status, JSON.stringify(geometry), JSON.stringify(extra.attributes ?? {}), extra.reported_on ?? '2026-01-01', extra.completed_on ?? null, extra.deadline ?? null],
  );
}

const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });

beforeAll(async () => {
  app = await startTestApp();
  ids.district = await area('T-COV', 'district', null, [100.0, 40.0, 100.1, 40.1]);
  ids.west = await area('T-COV-W', 'street', ids.district, [100.0, 40.0, 100.05, 40.1]);
  ids.east = await area('T-COV-E', 'street', ids.district, [100.05, 40.0, 100.1, 40.1]);
  ids.empty = await area('T-EMPTY', 'district', null, [101.0, 41.0, 101.1, 41.1]);

  // Charging: site S1 at 100.025, 40.05 (west), completed, 10 piles.
  await project('charging', 'completed', point(100.025, 40.05), { attributes: { piles: 10 }, reported_on: '2026-01-01', completed_on: '2026-01-11', deadline: '2026-01-31' });
  // A site still being built near C4 serves nobody yet, and is overdue.
  await project('charging', 'in_progress', point(100.075, 40.05), { attributes: { piles: 6 }, deadline: '2026-02-01' });
  await compoundFromSite('C1', 300, 0, 100, 1990); // covered at R = 500
  await compoundFromSite('C2', 499.99, 90, 200, 2005); // 1 cm inside R: covered
  await compoundFromSite('C3', 500.01, 180, 300, 1985); // 1 cm outside R: not covered
  await sql(`INSERT INTO compounds (name, households, year_built, geom) VALUES ('C4', 400, 1999, ST_SetSRID(ST_MakePoint(100.075, 40.05), 4326))`);

  // Renovation: C3 renovated (completed), C1 only reported.
  const squareAround = async (name: string) => {
    const { rows } = await sql(`SELECT ST_AsGeoJSON(ST_Expand(geom, 0.0005)) AS g FROM compounds WHERE name = $1 AND area_id IN ($2, $3)`, [name, ids.west, ids.east]);
    return JSON.parse(rows[0].g);
  };
  await project('compound', 'completed', await squareAround('C3'), { completed_on: '2026-03-01' });
  await project('compound', 'reported', await squareAround('C1'));

  // Streetlights: road along 40.03°N from 100.01 to 100.04; a finished line along 100.02–100.03, a finished lamp at 100.035.
  await sql(`INSERT INTO roads (name, road_class, geom) VALUES ('R1', '支路', ST_SetSRID(ST_GeomFromText('LINESTRING(100.01 40.03, 100.04 40.03)'), 4326))`);
  await project('streetlight', 'verified', { type: 'LineString', coordinates: [[100.02, 40.03], [100.03, 40.03]] }, { completed_on: '2026-02-01' });
  await project('streetlight', 'completed', point(100.035, 40.03), { completed_on: '2026-02-01' });
  await project('streetlight', 'reported', point(100.015, 40.03));

  // Drainage in the east street: two reports 60 m apart (a hotspot, one still open), one 1 km away, one cancelled.
  await project('drainage', 'completed', point(100.08, 40.05), { completed_on: '2026-02-01' });
  await project('drainage', 'reported', { type: 'Point', coordinates: [100.08 + 60 / metresPerDegreeLon(40.05), 40.05] });
  await project('drainage', 'in_progress', point(100.08, 40.05 + 1000 / M / (Math.PI / 180)));
  await project('drainage', 'cancelled', point(100.0801, 40.0501));
});

afterAll(async () => {
  await app.close();
});

async function coverage(query: string) {
  const response = await app.inject(`/api/coverage?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('charging coverage', () => {
  it('counts households in compounds within R of a working site, the edge included to the centimetre', async () => {
    const c = await coverage(`area=${ids.district}&kind=charging`);
    // C1 (100) and C2 (200) of 1,000 households.
    expect(c).toMatchObject({ kind: 'charging', numerator: 300, denominator: 1000, ratio: 0.3, unit: 'households', params: { radius: 500 } });
    expect(c.extras).toMatchObject({ compounds: 4, sites: 1, piles: 10, piles_per_100_households: 1 });
  });

  it('grows with the radius and never shrinks', async () => {
    expect((await coverage(`area=${ids.district}&kind=charging&radius=500.02`)).numerator).toBe(600);
    const ratios = [];
    for (const r of [100, 300, 500, 1000, 5000]) ratios.push((await coverage(`area=${ids.district}&kind=charging&radius=${r}`)).ratio);
    expect(ratios).toEqual([...ratios].sort((a, b) => a - b));
    expect(ratios[0]).toBe(0);
    expect(ratios.at(-1)).toBe(1);
  });

  it('gives each child area its own figures', async () => {
    const response = await app.inject(`/api/coverage/children?area=${ids.district}&kind=charging`);
    const children = response.json();
    expect(children.map((c: { area: { code: string }; numerator: number; denominator: number }) => [c.area.code, c.numerator, c.denominator])).toEqual([
      ['T-COV-E', 0, 400],
      ['T-COV-W', 300, 600],
    ]);
  });

  it('says null, not 0 or NaN, for an area with no compounds', async () => {
    const c = await coverage(`area=${ids.empty}&kind=charging`);
    expect(c).toMatchObject({ numerator: 0, denominator: 0, ratio: null });
    expect(c.extras.piles_per_100_households).toBeNull();
  });
});

describe('renovation coverage', () => {
  it('counts old compounds (built in or before Y) with a finished renovation, by count and by households', async () => {
    const c = await coverage(`area=${ids.district}&kind=compound`);
    // Old: C1 1990, C3 1985, C4 1999 (C2 is 2005). Renovated and finished: C3 only.
    expect(c).toMatchObject({ numerator: 1, denominator: 3, unit: 'compounds' });
    expect(c.ratio).toBeCloseTo(1 / 3, 12);
    expect(c.extras).toMatchObject({ households_renovated: 300, households_old: 800 });
    const later = await coverage(`area=${ids.district}&kind=compound&year=2010`);
    expect(later).toMatchObject({ numerator: 1, denominator: 4 });
  });
});

describe('street lighting coverage', () => {
  it('measures the road length within D of finished lights', async () => {
    const c = await coverage(`area=${ids.district}&kind=streetlight`);
    const road = 0.03 * metresPerDegreeLon(40.03);
    // The line lights its 0.01° plus 50 m beyond each end; the lamp lights 50 m each way.
    const lit = 0.01 * metresPerDegreeLon(40.03) + 100 + 100;
    expect(c.denominator).toBeCloseTo(road, 0);
    expect(Math.abs(c.numerator - lit)).toBeLessThan(1);
    expect(c.unit).toBe('metres');
  });
});

describe('drainage', () => {
  it('gives blockages resolved of reported, open ones per km², and the hotspots', async () => {
    const c = await coverage(`area=${ids.east}&kind=drainage`);
    expect(c).toMatchObject({ numerator: 1, denominator: 3 });
    // The east street: 0.05° of longitude by 0.1° of latitude.
    const km2 = (0.05 * metresPerDegreeLon(40.05) * 0.1 * M * (Math.PI / 180)) / 1e6;
    expect(c.extras.area_km2).toBeCloseTo(km2, 1);
    expect(c.extras.open).toBe(2);
    expect(c.extras.open_per_km2).toBeCloseTo(2 / km2, 3);
    expect(c.extras).toMatchObject({ hotspots: 1, unresolved_hotspots: 1 });
    const strict = await coverage(`area=${ids.east}&kind=drainage&hotspot_radius=50`);
    expect(strict.extras.hotspots).toBe(0);
  });
});

describe('the loop', () => {
  it('rates on time against completed plus open-and-overdue, not completed alone', async () => {
    const c = await coverage(`area=${ids.district}&kind=charging`);
    // One site completed in 10 days before its deadline; one in progress past its deadline.
    expect(c.loop).toMatchObject({
      by_status: { completed: 1, in_progress: 1 },
      overdue: 1,
      on_time: { numerator: 1, denominator: 2, ratio: 0.5 },
      median_days_to_complete: 10,
      mean_days_to_complete: 10,
    });
  });
});

async function gaps(query: string) {
  const response = await app.inject(`/api/gaps?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ type: string; features: { geometry: { type: string }; properties: Record<string, unknown> }[] }>();
}

describe('gaps', () => {
  it('lists the compounds without a working charging site within R, most households first', async () => {
    const fc = await gaps(`area=${ids.district}&kind=charging`);
    expect(fc.features.map((f) => [f.properties.rank, f.properties.name, f.properties.households])).toEqual([
      [1, 'C4', 400],
      [2, 'C3', 300],
    ]);
  });

  it('lists the old compounds not yet renovated', async () => {
    const fc = await gaps(`area=${ids.district}&kind=compound`);
    expect(fc.features.map((f) => f.properties.name)).toEqual(['C4', 'C1']);
  });

  it('gives the unlit stretches of each road, whose length is the road less the lit part', async () => {
    const fc = await gaps(`area=${ids.district}&kind=streetlight`);
    expect(fc.features).toHaveLength(1);
    const [stretch] = fc.features;
    const unlit = 0.03 * metresPerDegreeLon(40.03) - (0.01 * metresPerDegreeLon(40.03) + 200);
    expect(Math.abs(Number(stretch!.properties.length_m) - unlit)).toBeLessThan(1);
    // West of the line, between the line and the lamp, east of the lamp.
    expect(stretch!.geometry.type).toBe('MultiLineString');
    expect((stretch!.geometry as unknown as { coordinates: unknown[] }).coordinates).toHaveLength(3);
  });

  it('lists the drainage hotspots that still have an open report', async () => {
    const fc = await gaps(`area=${ids.east}&kind=drainage`);
    expect(fc.features.map((f) => [f.properties.reports, f.properties.open_reports])).toEqual([[2, 1]]);
  });

  it('sums uncovered households on a hexagon grid, each compound in one hexagon', async () => {
    const response = await app.inject(`/api/gaps/grid?area=${ids.district}&kind=charging&size=500`);
    expect(response.statusCode, response.body).toBe(200);
    const fc = response.json<{ features: { geometry: { type: string }; properties: { households_uncovered: number } }[] }>();
    expect(fc.features.map((f) => f.properties.households_uncovered)).toEqual([400, 300]);
    expect(fc.features.every((f) => f.geometry.type === 'Polygon')).toBe(true);
  });

  it.each([
    ['/api/gaps/grid', 'kind=charging&size=50', '/size'],
    ['/api/gaps/grid', 'kind=drainage', '/kind'],
    ['/api/gaps', 'kind=charging&limit=100000', '/limit'],
  ])('refuses %s with %s', async (path, param, field) => {
    const response = await app.inject(`${path}?area=${ids.district}&${param}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field });
  });
});

describe('bounds', () => {
  it.each([
    ['radius=0', '/radius'],
    ['radius=5001', '/radius'],
    ['year=1899', '/year'],
    ['distance=-5', '/distance'],
    ['kind=fitness', '/kind'],
  ])('refuses %s', async (param, field) => {
    const response = await app.inject(`/api/coverage?area=${ids.district}&kind=charging&${param}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ in: 'querystring', field });
  });

  it('answers 404 for an unknown area', async () => {
    expect((await app.inject('/api/coverage?area=999999&kind=charging')).statusCode).toBe(404);
  });
});

void N;
