import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { createProject, pointFeature, projectTableCounts, SHIGU_POINT, squareAround } from '../helpers/fixtures.js';

let app: FastifyInstance;
let planner: TestSession;
let existingId: number;
beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
  existingId = (await createProject(planner, pointFeature({ kind: 'streetlight', title: '既有项目' }))).id;
});
afterAll(async () => {
  await app.close();
});

const [lon, lat] = SHIGU_POINT;
const feature = (geometry: object, properties: object = { kind: 'compound', title: '小区' }) => ({ type: 'Feature', geometry, properties });
const polygon = (ring: number[][]) => ({ type: 'Polygon', coordinates: [ring] });

interface BadCase {
  name: string;
  method?: 'POST' | 'PATCH' | 'GET';
  /** Defaults to POST /api/projects; `:id` is an existing project. */
  url?: string;
  payload?: object | string;
  /** The JSON pointer the 400 must name, and where. */
  field: string;
  in?: 'body' | 'querystring';
  /** Words the reason must contain. */
  reason?: RegExp;
}

const CREATE_CASES: BadCase[] = [
  { name: 'a line for a charging site (wrong geometry type for the kind)', payload: feature({ type: 'LineString', coordinates: [[lon, lat], [lon + 0.01, lat]] }, { kind: 'charging', title: '充电桩' }), field: '/geometry/type', reason: /Point/ },
  { name: 'a point for a compound renovation', payload: feature({ type: 'Point', coordinates: [lon, lat] }), field: '/geometry/type', reason: /Polygon or MultiPolygon/ },
  { name: 'an unclosed ring', payload: feature(polygon([[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01]])), field: '/geometry/coordinates/0', reason: /not closed/ },
  { name: 'a ring that is too short', payload: feature(polygon([[lon, lat], [lon + 0.01, lat], [lon, lat]])), field: '/geometry/coordinates/0', reason: /at least 4/ },
  { name: 'a self-intersecting (bow-tie) polygon', payload: feature(polygon([[lon, lat], [lon + 0.01, lat + 0.01], [lon + 0.01, lat], [lon, lat + 0.01], [lon, lat]])), field: '/geometry/coordinates', reason: /crosses itself/ },
  { name: 'a hole outside its shell (found by PostGIS)', payload: feature({ type: 'Polygon', coordinates: [squareAround([lon, lat])[0], squareAround([lon + 0.01, lat], 0.0005)[0]] }), field: '/geometry', reason: /Hole lies outside shell/i },
  { name: 'Infinity as a coordinate', payload: `{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999, ${lat}]},"properties":{"kind":"charging","title":"x"}}`, field: '/geometry/coordinates', reason: /finite/ },
  { name: 'NaN as a coordinate', payload: feature({ type: 'Point', coordinates: ['NaN', lat] }, { kind: 'charging', title: 'x' }), field: '/geometry/coordinates', reason: /finite/ },
  { name: 'a longitude outside −180…180', payload: feature({ type: 'Point', coordinates: [181, lat] }, { kind: 'charging', title: 'x' }), field: '/geometry/coordinates/0', reason: /longitude/ },
  { name: 'a latitude outside −90…90', payload: feature({ type: 'Point', coordinates: [lon, -90.5] }, { kind: 'charging', title: 'x' }), field: '/geometry/coordinates/1', reason: /latitude/ },
  { name: '3D coordinates', payload: feature({ type: 'Point', coordinates: [lon, lat, 50] }, { kind: 'charging', title: 'x' }), field: '/geometry/coordinates', reason: /2D/ },
  { name: 'an empty line', payload: feature({ type: 'LineString', coordinates: [] }, { kind: 'streetlight', title: 'x' }), field: '/geometry/coordinates', reason: /empty/ },
  { name: 'an empty point', payload: feature({ type: 'Point', coordinates: [] }, { kind: 'charging', title: 'x' }), field: '/geometry/coordinates', reason: /longitude, latitude/ },
  { name: 'a line with one distinct point', payload: feature({ type: 'LineString', coordinates: [[lon, lat], [lon, lat]] }, { kind: 'streetlight', title: 'x' }), field: '/geometry/coordinates', reason: /two distinct/ },
  { name: 'an absurd vertex count', payload: feature({ type: 'LineString', coordinates: Array.from({ length: 10_001 }, (_, i) => [lon + i * 1e-5, lat]) }, { kind: 'streetlight', title: 'x' }), field: '/geometry/coordinates', reason: /too many vertices/ },
  { name: 'an unknown geometry type', payload: feature({ type: 'Circle', coordinates: [lon, lat] }, { kind: 'charging', title: 'x' }), field: '/geometry/type' },
  { name: 'no geometry', payload: { type: 'Feature', properties: { kind: 'charging', title: 'x' } }, field: '/geometry', reason: /required/ },
  { name: 'an unknown property', payload: pointFeature({ kind: 'charging', title: 'x', colour: 'red' }), field: '/properties/colour', reason: /not a known field/ },
  { name: 'an unknown top-level member', payload: { ...pointFeature({ kind: 'charging', title: 'x' }), id: 5 }, field: '/id' },
  { name: 'an attribute the kind does not have', payload: pointFeature({ kind: 'charging', title: 'x', attributes: { lamps_repaired: 3 } }), field: '/properties/attributes/lamps_repaired', reason: /no attribute/ },
  { name: 'a negative attribute', payload: pointFeature({ kind: 'charging', title: 'x', attributes: { piles: -2 } }), field: '/properties/attributes/piles' },
  { name: 'a missing title', payload: pointFeature({ kind: 'charging' }), field: '/properties/title', reason: /required/ },
  { name: 'a blank title', payload: pointFeature({ kind: 'charging', title: '   ' }), field: '/properties/title', reason: /blank/ },
  { name: 'an unknown kind', payload: pointFeature({ kind: 'fitness', title: 'x' }), field: '/properties/kind', reason: /one of/ },
  { name: 'a status (only transitions set it)', payload: pointFeature({ kind: 'charging', title: 'x', status: 'verified' }), field: '/properties/status', reason: /not a known field/ },
  { name: 'an impossible date', payload: pointFeature({ kind: 'charging', title: 'x', deadline: '2024-02-30' }), field: '/properties/deadline', reason: /real date/ },
  { name: 'a deadline before the report date', payload: pointFeature({ kind: 'charging', title: 'x', reported_on: '2024-05-10', deadline: '2024-05-01' }), field: '/properties/deadline', reason: /before the report date/ },
  { name: 'a completion date (only the completing transition sets it)', payload: pointFeature({ kind: 'charging', title: 'x', completed_on: '2024-05-01', reported_on: '2024-04-01' }), field: '/properties/completed_on', reason: /not a known field/ },
  { name: 'a report date in the future', payload: pointFeature({ kind: 'charging', title: 'x', reported_on: '2999-01-01' }), field: '/properties/reported_on', reason: /future/ },
  { name: 'a responsible unit that does not exist', payload: pointFeature({ kind: 'charging', title: 'x', unit_id: 987654 }), field: '/properties/unit_id', reason: /no responsible unit/ },
  { name: 'negative households', payload: pointFeature({ kind: 'charging', title: 'x', households_benefited: -1 }), field: '/properties/households_benefited' },
  { name: 'a phone number with letters', payload: pointFeature({ kind: 'charging', title: 'x', reporter_phone: 'call me' }), field: '/properties/reporter_phone' },
  { name: 'a FeatureCollection instead of a Feature', payload: { type: 'FeatureCollection', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { kind: 'charging', title: 'x' } }, field: '/type' },
];

const EDIT_CASES: BadCase[] = [
  { name: 'an edit without a version', method: 'PATCH', url: '/api/projects/:id', payload: { properties: { title: 'y' } }, field: '/version', reason: /required/ },
  { name: 'an edit with an unknown property', method: 'PATCH', url: '/api/projects/:id', payload: { version: 1, properties: { created_by: 'me' } }, field: '/properties/created_by' },
  { name: 'an edit with a self-intersecting geometry of the wrong type', method: 'PATCH', url: '/api/projects/:id', payload: { version: 1, geometry: polygon([[lon, lat], [lon + 0.01, lat + 0.01], [lon + 0.01, lat], [lon, lat + 0.01], [lon, lat]]) }, field: '/geometry/type' },
  { name: 'an edit setting the title to null', method: 'PATCH', url: '/api/projects/:id', payload: { version: 1, properties: { title: null } }, field: '/properties/title' },
  { name: 'an edit setting the status (mass assignment)', method: 'PATCH', url: '/api/projects/:id', payload: { version: 1, properties: { status: 'verified' } }, field: '/properties/status', reason: /not a known field/ },
  { name: 'an edit setting the verification date', method: 'PATCH', url: '/api/projects/:id', payload: { version: 1, properties: { verified_on: '2026-01-01' } }, field: '/properties/verified_on' },
  { name: 'an edit setting the reopen count', method: 'PATCH', url: '/api/projects/:id', payload: { version: 1, properties: { reopen_count: 0 } }, field: '/properties/reopen_count' },
  { name: 'an edit writing history', method: 'PATCH', url: '/api/projects/:id', payload: { version: 1, history: [{ action: 'transition', to_status: 'verified' }] }, field: '/history' },
  { name: 'an edit to a kind the geometry does not fit', method: 'PATCH', url: '/api/projects/:id', payload: { version: 1, properties: { kind: 'compound' } }, field: '/geometry/type' },
];

const QUERY_CASES: BadCase[] = [
  { name: 'a bbox of three numbers', method: 'GET', url: '/api/projects?bbox=1,2,3', field: '/bbox', in: 'querystring' },
  { name: 'a bbox with min above max', method: 'GET', url: '/api/projects?bbox=113,27,112,26', field: '/bbox', in: 'querystring' },
  { name: 'an unknown kind filter', method: 'GET', url: '/api/projects?kind=streetlight,ufo', field: '/kind', in: 'querystring', reason: /ufo/ },
  { name: 'an unknown status filter', method: 'GET', url: '/api/projects?status=lost', field: '/status', in: 'querystring' },
  { name: 'a limit above the cap', method: 'GET', url: '/api/projects?limit=1000000', field: '/limit', in: 'querystring' },
  { name: 'an area that does not exist', method: 'GET', url: '/api/projects?area=999999', field: '/area', in: 'querystring' },
  { name: 'a unit list with text', method: 'GET', url: '/api/projects?unit=abc', field: '/unit', in: 'querystring' },
  { name: 'an unknown query parameter', method: 'GET', url: '/api/projects?colour=red', field: '/colour', in: 'querystring' },
  { name: 'a non-numeric project id', method: 'GET', url: '/api/projects/abc', field: '/id' },
];

describe.each([
  ['creating', CREATE_CASES],
  ['editing', EDIT_CASES],
  ['querying', QUERY_CASES],
])('bad input when %s', (_, cases) => {
  it.each(cases)('$name → 400 naming $field, nothing stored', async (c) => {
    const before = await projectTableCounts(app);
    const response = await planner.inject({
      method: c.method ?? 'POST',
      url: (c.url ?? '/api/projects').replace(':id', String(existingId)),
      ...(c.payload === undefined ? {} : { payload: c.payload }),
      ...(typeof c.payload === 'string' ? { headers: { 'content-type': 'application/json' } } : {}),
    });
    expect(response.statusCode, response.body).toBe(400);
    const body = response.json<{ code: string; errors: { in: string; field: string; reason: string; reason_zh: string }[] }>();
    expect(body.code).toBe('INVALID_INPUT');
    const error = body.errors.find((e) => e.field === c.field);
    expect(error, `errors: ${JSON.stringify(body.errors)}`).toBeDefined();
    if (c.in) expect(error!.in).toBe(c.in);
    if (c.reason) expect(error!.reason).toMatch(c.reason);
    expect(error!.reason_zh.length).toBeGreaterThan(0);
    expect(await projectTableCounts(app)).toEqual(before);
    // The database is still in a state to answer.
    expect((await app.inject('/api/projects?limit=1')).statusCode).toBe(200);
  });
});

describe('other bad requests', () => {
  it('malformed JSON is a 400 and stores nothing', async () => {
    const before = await projectTableCounts(app);
    const response = await planner.inject({ method: 'POST', url: '/api/projects', payload: '{"type": "Feature",', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(await projectTableCounts(app)).toEqual(before);
  });

  it('the existing project is untouched by every refused edit', async () => {
    const response = await app.inject(`/api/projects/${existingId}`);
    expect(response.json().properties).toMatchObject({ title: '既有项目', kind: 'streetlight', version: 1 });
  });

  it('an unexpected failure is a 500 with a request id and no SQL', async () => {
    const broken = await startTestApp();
    await broken.db.pool.end();
    const response = await broken.inject('/api/projects');
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body.requestId).toBe(response.headers['x-request-id']);
    expect(body.message).toContain(body.requestId);
    expect(response.body).not.toMatch(/SELECT|pool|projects p/i);
    broken.db.close = async () => undefined;
    await broken.close();
  });
});
