import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { VectorTileSource } from 'maplibre-gl';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLLOW_CHANGES_MS } from '../../client/src/features/projects/useFollowChanges.js';
import { KINDS } from '../../server/src/domain/kinds/index.js';
import { SESSION_COOKIE } from '../../server/src/plugins/auth.js';
import { TILE_OVERVIEW } from '../../server/src/domain/tileLayers.js';
import { loginAs } from '../helpers/auth.js';
import { createProject, pointFeature } from '../helpers/fixtures.js';
import { drawnCounts, GEOJSON_LAYERS, renderedProjects as rendered, SHOTS, TILE_LAYERS, unobstructedFeature, useE2eSession, waitForDrawn, waitForIdle } from '../helpers/e2e.js';
import { logInPage } from '../helpers/e2eLogin.js';
import { tileAt } from '../helpers/tiles.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The map with tiles forced on (a threshold of 0), on the demo data: what a
 * prefecture of a million projects gets, checked on the 311 the demo has.
 */
const session = useE2eSession();
let tiled: { app: FastifyInstance; baseUrl: string };

beforeAll(async () => {
  if (session.skipped) return;
  tiled = await startTestServer({ mapTileThreshold: 0 });
});
afterAll(async () => {
  await tiled?.app.close();
});

/** 石鼓区 at zoom 12: project tiles. */
const SHIGU_Z12 = 'c=112.61500,26.90800&z=12.00';
/** Hengyang at zoom 8: counts per district. */
const HENGYANG_Z8 = 'c=112.60000,26.90000&z=8.00';
/** 石鼓区 at zoom 9.5: counts per street. */
const SHIGU_Z9 = 'c=112.61500,26.90800&z=9.50';


/**
 * What the map complained of in each page opened: a style MapLibre refuses, a
 * tile it cannot read (MapView warns of these), or an uncaught error. Not the
 * browser's note of the public's 401 from /api/me, which is how the app learns
 * that no one is logged in.
 */
const complaints = new Map<Page, string[]>();

async function openMap(baseUrl: string, url: string, requests: string[] = [], viewport = { width: 1440, height: 900 }): Promise<Page> {
  const page = await session.browser.newPage({ viewport, locale: 'zh-CN' });
  const said: string[] = [];
  complaints.set(page, said);
  page.on('console', (m) => {
    if (m.type() === 'warning') said.push(m.text());
  });
  page.on('pageerror', (e) => said.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${baseUrl}${url}`);
  await waitForDrawn(page);
  return page;
}

async function aggregateTotals(query: string): Promise<Map<number, { total: number; overdue: number }>> {
  const body = (await tiled.app.inject(`/api/projects/aggregate?${query}`)).json<{ features: { id: number; properties: { total: number; overdue: number } }[] }>();
  return new Map(body.features.map((f) => [f.id, { total: f.properties.total, overdue: f.properties.overdue }]));
}

/** The projects the list returns within the map's current view, by id. */
async function listedInView(page: Page, query = ''): Promise<Set<number>> {
  const bounds = await page.evaluate(() => window.minshengMap!.getBounds().toArray().flat());
  const response = await tiled.app.inject(`/api/projects?limit=5000&bbox=${bounds.join(',')}${query ? `&${query}` : ''}`);
  return new Set(response.json<{ features: { id: number }[] }>().features.map((f) => f.id));
}

/** Where a drawn project is on the page, to click it. */
function screenPointOf(page: Page, layer: string): Promise<{ id: number; title: string; x: number; y: number }> {
  return page.evaluate((id) => {
    const map = window.minshengMap!;
    const [feature] = map.queryRenderedFeatures({ layers: [id] });
    const point = map.project((feature!.geometry as GeoJSON.Point).coordinates as [number, number]);
    const box = map.getCanvas().getBoundingClientRect();
    return { id: Number(feature!.id), title: String(feature!.properties.title), x: box.left + point.x, y: box.top + point.y };
  }, layer);
}

describe.skipIf(session.skipped)('the map in tiles mode', () => {
  it('draws the projects from vector tiles at zoom 12, never loading the whole list, and lists those in view', { timeout: 90_000 }, async () => {
    const requests: string[] = [];
    const page = await openMap(tiled.baseUrl, `/?${SHIGU_Z12}`, requests);
    const drawn = await rendered(page, TILE_LAYERS);
    expect(drawn.length).toBeGreaterThan(20);
    expect([...new Set(drawn.map((d) => d.kind))].sort()).toEqual(KINDS.map((k) => k.code).sort());
    // Every project drawn is one the list has in view, with its id and kind.
    const listed = await listedInView(page);
    expect(drawn.filter((d) => !listed.has(d.id))).toEqual([]);
    expect(await rendered(page, GEOJSON_LAYERS)).toEqual([]);
    expect(requests.some((url) => url.includes('/tiles/projects/12/'))).toBe(true);
    expect(requests.filter((url) => /\/api\/projects\?/.test(url) && !url.includes('bbox='))).toEqual([]);

    const total = page.getByTestId('list-total');
    await expect.poll(() => total.innerText(), { timeout: 15_000 }).toBe(`视野内共 ${listed.size} 项`);
    expect(await page.getByTestId('project-list-item').count()).toBe(Math.min(100, listed.size));
    await page.screenshot({ path: path.join(SHOTS, 'tiles-z12.png') });
    expect(complaints.get(page)).toEqual([]);
    await page.close();
  });

  it("opens a tile project's panel when it is clicked, and rings it", { timeout: 90_000 }, async () => {
    const page = await openMap(tiled.baseUrl, `/?${SHIGU_Z12.replace('z=12.00', 'z=14.00')}`);
    const target = await screenPointOf(page, 'project-tile-charging-point');
    await page.mouse.click(target.x, target.y);
    const panel = page.getByTestId('project-panel');
    await expect.poll(() => panel.locator('h2').innerText(), { timeout: 15_000 }).toBe(target.title);
    expect(page.url()).toContain(`sel=${target.id}`);
    await waitForIdle(page);
    expect(await rendered(page, ['project-tile-selected-point'])).toEqual([{ id: target.id, kind: 'charging' }]);
    await page.screenshot({ path: path.join(SHOTS, 'tiles-selected.png') });
    await page.close();
  });

  it("moves to a unit's task chosen from 我的任务 when it lies outside the view, and opens it", { timeout: 90_000 }, async () => {
    const unit = await loginAs(tiled.app, 'unit');
    const tasks = (await unit.inject('/api/tasks')).json<{ features: { id: number; geometry: GeoJSON.Geometry; properties: { title: string } }[] }>().features;
    const task = tasks.find((t) => t.geometry.type === 'Point');
    expect(task, 'the demo unit has an open task with a point').toBeDefined();
    const [lon, lat] = (task!.geometry as GeoJSON.Point).coordinates as [number, number];
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const sent: Request[] = [];
    page.on('request', (r) => sent.push(r));
    await logInPage(page, tiled.baseUrl, 'unit');
    // Half a degree east, at zoom 12: the task is far out of view, and not in the list of what is.
    await page.goto(`${tiled.baseUrl}/?c=${(lon + 0.5).toFixed(5)},${lat.toFixed(5)}&z=12.00`);
    await waitForDrawn(page);
    await page.getByTestId('my-tasks').locator(`[data-id="${task!.id}"]`).click();
    await expect.poll(() => page.getByTestId('project-panel').locator('h2').innerText(), { timeout: 15_000 }).toBe(task!.properties.title);
    // In view, close enough for the full tiles (zoom 14 on), not merely somewhere on the screen.
    const inView = () => page.evaluate(([x, y]) => window.minshengMap!.getBounds().contains([x!, y!]) && window.minshengMap!.getZoom() >= 14, [lon, lat]);
    await expect.poll(inView, { timeout: 15_000 }).toBe(true);
    await waitForIdle(page);
    expect(await rendered(page, ['project-tile-selected-point'])).toEqual([{ id: task!.id, kind: expect.any(String) }]);

    // The session goes to the API alone: the tiles are asked for without it, so a shared cache can hold them for everyone.
    const carriesSession = async (r: Request) => ((await r.allHeaders()).cookie ?? '').includes(`${SESSION_COOKIE}=`);
    const sentTo = (prefix: string) => sent.filter((r) => new URL(r.url()).pathname.startsWith(prefix));
    expect(sentTo('/tiles/').length).toBeGreaterThan(0);
    expect(await Promise.all(sentTo('/tiles/').map(carriesSession))).not.toContain(true);
    expect(await Promise.all(sentTo('/api/me').map(carriesSession))).toContain(true);
    await page.close();
  });

  it('rings a selected project that its overview cell does not show', { timeout: 90_000 }, async () => {
    // Two projects five metres apart, one cell of a zoom-12 overview tile: counted there, neither drawn alone.
    const planner = await loginAs(tiled.app, 'planner');
    const spot: [number, number] = [112.64, 26.88];
    await createProject(planner, pointFeature({ kind: 'drainage', title: '概览选中测试一' }, spot));
    const hidden = await createProject(planner, pointFeature({ kind: 'drainage', title: '概览选中测试二' }, [spot[0] + 0.00005, spot[1] + 0.00003]));
    const page = await openMap(tiled.baseUrl, `/?c=${spot[0].toFixed(5)},${spot[1].toFixed(5)}&z=12.00&sel=${hidden.id}`);
    // The tiles draw the cell's count, never the selected project alone.
    expect((await rendered(page, TILE_LAYERS)).map((d) => d.id)).not.toContain(hidden.id);
    await expect.poll(() => rendered(page, ['project-tile-selected-point']), { timeout: 15_000 }).toEqual([{ id: hidden.id, kind: 'drainage' }]);
    await page.screenshot({ path: path.join(SHOTS, 'tiles-overview-selected.png') });
    await page.close();
  });

  it('counts crowded projects at zoom 12 with their overdue share, as the list counts them, and a count zooms in on them', { timeout: 90_000 }, async () => {
    const page = await openMap(tiled.baseUrl, `/?${SHIGU_Z12}`);
    const counts = await page.evaluate(() =>
      window.minshengMap!.queryRenderedFeatures({ layers: ['project-tile-clusters'] }).map((f) => ({
        at: (f.geometry as GeoJSON.Point).coordinates as [number, number],
        count: Number(f.properties.point_count),
        overdue: Number(f.properties.overdue_count),
      })),
    );
    expect(counts.length).toBeGreaterThan(0);
    for (const c of counts) {
      expect(c.count).toBeGreaterThanOrEqual(2);
      expect(c.overdue).toBeLessThanOrEqual(c.count);
    }
    // The demo's crowded centre holds overdue work: its ring is red.
    expect(counts.some((c) => c.overdue > 0)).toBe(true);
    // What the counts and the projects drawn alone add up to is what the list has in view, give or take the cells the view's edge cuts.
    const alone = (await rendered(page, TILE_LAYERS)).length;
    const listed = (await listedInView(page)).size;
    expect(alone + counts.reduce((sum, c) => sum + c.count, 0)).toBeGreaterThanOrEqual(listed * 0.9);
    // The legend says what a count is.
    expect(await page.getByTestId('legend-counted').innerText()).toContain('数字:该处项目数,红圈越粗逾期越多');
    await page.screenshot({ path: path.join(SHOTS, 'tiles-z12-counts.png') });

    const target = await unobstructedFeature(page, ['project-tile-clusters']);
    expect(target).toBeDefined();
    await page.mouse.click(target!.x, target!.y);
    await expect.poll(() => page.evaluate(() => Math.round(window.minshengMap!.getZoom())), { timeout: 15_000 }).toBe(14);
    await waitForIdle(page);
    // At zoom 14 the tiles are whole: the count's projects are drawn each, none counted.
    expect(await page.evaluate(() => window.minshengMap!.queryRenderedFeatures({ layers: ['project-tile-clusters'] }).length)).toBe(0);
    expect((await rendered(page, TILE_LAYERS)).length).toBeGreaterThanOrEqual(Number(target!.properties.point_count));
    expect(complaints.get(page)).toEqual([]);
    await page.close();
  });

  it('opens a project drawn over the edge of a count, rather than zooming into the count', { timeout: 90_000 }, async () => {
    // Five projects 3 pixels west of an overview cell's edge at zoom 12, one 11 pixels east of it: the
    // count's circle (13 px and its ring) reaches under the lone project's circle, drawn above it.
    const t = tileAt([112.7, 26.95], 12);
    const n = 2 ** t.z;
    const edge = ((t.x + 4 / TILE_OVERVIEW.cellsPerSide) / n) * 360 - 180;
    const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (t.y + 4.5 / TILE_OVERVIEW.cellsPerSide)) / n))) * 180) / Math.PI;
    const pixel = 360 / (n * 512);
    const near = (await tiled.app.inject(`/api/projects?bbox=${edge - 70 * pixel},${lat - 40 * pixel},${edge + 70 * pixel},${lat + 40 * pixel}`)).json<{ features: unknown[] }>();
    expect(near.features, 'no demo project near the spot').toEqual([]);
    const planner = await loginAs(tiled.app, 'planner');
    for (let i = 0; i < 5; i++) await createProject(planner, pointFeature({ kind: 'drainage', title: `计数边缘测试${i}` }, [edge - 3 * pixel, lat + (i - 2) * 0.2 * pixel]));
    const lone = await createProject(planner, pointFeature({ kind: 'streetlight', title: '计数旁的路灯' }, [edge + 11 * pixel, lat]));
    const page = await openMap(tiled.baseUrl, `/?c=${(edge + 11 * pixel).toFixed(6)},${lat.toFixed(6)}&z=12.00`);
    await waitForIdle(page);
    const at = await page.evaluate((where) => {
      const map = window.minshengMap!;
      const p = map.project(where);
      const box = map.getCanvas().getBoundingClientRect();
      const counts = map.queryRenderedFeatures(p, { layers: ['project-tile-clusters'] }).map((f) => Number(f.properties.point_count));
      return { x: box.left + p.x, y: box.top + p.y, counts };
    }, [edge + 11 * pixel, lat] as [number, number]);
    // Under the lone project's centre lies the count of five too.
    expect(at.counts).toEqual([5]);
    expect((await rendered(page, TILE_LAYERS)).map((d) => d.id)).toContain(lone.id);
    // Resting on the count tells how many and how many are overdue; on the project, no count's tip.
    const tip = page.locator('.count-tip');
    await page.mouse.move(at.x - 14, at.y);
    await expect.poll(() => tip.innerText(), { timeout: 5_000 }).toBe('5 个项目,无逾期 · 点击放大');
    await page.screenshot({ path: path.join(SHOTS, 'tiles-count-tip.png'), clip: { x: at.x - 200, y: at.y - 120, width: 400, height: 200 } });
    await page.mouse.move(at.x, at.y);
    await expect.poll(() => tip.count(), { timeout: 5_000 }).toBe(0);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.getByTestId('project-panel').locator('h2').innerText(), { timeout: 15_000 }).toBe('计数旁的路灯');
    expect(await page.evaluate(() => window.minshengMap!.getZoom())).toBe(12);
    await page.close();
  });

  it("draws another planner's new project within a minute, and lists it in view, with no reload", { timeout: 90_000 }, async () => {
    const spot: [number, number] = [112.66, 26.87];
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    // Fake timers that run at the normal pace until fastForward jumps them a minute on.
    await page.clock.install();
    await page.goto(`${tiled.baseUrl}/?c=${spot[0].toFixed(5)},${spot[1].toFixed(5)}&z=15.00`);
    await waitForDrawn(page);
    const planner = await loginAs(tiled.app, 'planner');
    const created = await createProject(planner, pointFeature({ kind: 'charging', title: '别处新建的充电桩' }, spot));
    const drawnIds = async () => (await rendered(page, TILE_LAYERS)).map((d) => d.id);
    expect(await drawnIds()).not.toContain(created.id);
    expect(await page.getByTestId('project-list-item').filter({ hasText: '别处新建的充电桩' }).count()).toBe(0);

    await page.clock.fastForward(FOLLOW_CHANGES_MS + 1_000);
    const drawnWhenIdle = async () => {
      await waitForIdle(page);
      return drawnIds();
    };
    await expect.poll(drawnWhenIdle, { timeout: 20_000 }).toContain(created.id);
    await expect.poll(() => page.getByTestId('project-list-item').filter({ hasText: '别处新建的充电桩' }).count(), { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'tiles-others-change.png') });
    await page.close();
  });

  it('changes what the tiles draw when a filter changes, on the same map', { timeout: 90_000 }, async () => {
    const page = await openMap(tiled.baseUrl, `/?${SHIGU_Z12}`);
    expect((await rendered(page, TILE_LAYERS)).some((d) => d.kind !== 'charging')).toBe(true);
    await page.evaluate(() => {
      (window as unknown as { before: unknown }).before = window.minshengMap!.getSource('project-tiles');
    });
    await page.getByTestId('kind-charging').check();
    await page.waitForFunction(() => window.minshengMap!.getSource<VectorTileSource>('project-tiles')!.tiles[0]!.includes('kind=charging'), undefined, {
      timeout: 15_000,
    });
    await waitForIdle(page);
    const drawn = await rendered(page, TILE_LAYERS);
    expect(drawn.length).toBeGreaterThan(0);
    expect([...new Set(drawn.map((d) => d.kind))]).toEqual(['charging']);
    const listed = await listedInView(page, 'kind=charging');
    expect(drawn.filter((d) => !listed.has(d.id))).toEqual([]);
    // The source was given new tiles, not rebuilt: the same object.
    expect(await page.evaluate(() => window.minshengMap!.getSource('project-tiles') === (window as unknown as { before: unknown }).before)).toBe(true);
    await page.close();
  });

  it('counts the projects per district at zoom 8, and per street closer in; a count opens on its area', { timeout: 90_000 }, async () => {
    const page = await openMap(tiled.baseUrl, `/?${HENGYANG_Z8}`);
    expect(await rendered(page, TILE_LAYERS)).toEqual([]);
    const districts = await drawnCounts(page, 'district');
    expect(districts.length).toBeGreaterThan(0);
    const expected = await aggregateTotals('level=district');
    for (const d of districts) {
      expect(expected.get(d.id), `district ${d.id}`).toEqual({ total: d.total, overdue: d.overdue });
      expect(d.count).toBe(new Intl.NumberFormat('zh-CN', { notation: 'compact' }).format(d.total));
    }
    await page.screenshot({ path: path.join(SHOTS, 'tiles-z8-districts.png') });

    // A click on 石鼓区's count opens on 石鼓区.
    const { rows } = await tiled.app.db.pool.query<{ id: number; bbox: number[] }>(
      "SELECT id, ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)]::float8[] AS bbox FROM areas WHERE name = '石鼓区'",
    );
    const shigu = rows[0]!;
    expect(districts.map((d) => d.id)).toContain(shigu.id);
    const circle = await page.evaluate((id) => {
      const map = window.minshengMap!;
      const feature = map.queryRenderedFeatures({ layers: ['project-aggregate-district-circle'] }).find((f) => f.id === id)!;
      const point = map.project((feature.geometry as GeoJSON.Point).coordinates as [number, number]);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    }, shigu.id);
    await page.mouse.click(circle.x, circle.y);
    await page.waitForFunction(() => window.minshengMap!.getZoom() > 9, undefined, { timeout: 15_000 });
    await waitForIdle(page);
    const center = await page.evaluate(() => window.minshengMap!.getCenter().toArray());
    const [w, s, e, n] = shigu.bbox as [number, number, number, number];
    expect(center[0]).toBeGreaterThan(w);
    expect(center[0]).toBeLessThan(e);
    expect(center[1]).toBeGreaterThan(s);
    expect(center[1]).toBeLessThan(n);
    await page.close();

    const closer = await openMap(tiled.baseUrl, `/?${SHIGU_Z9}`);
    const streets = await drawnCounts(closer, 'street');
    expect(streets.length).toBeGreaterThan(1);
    const streetTotals = await aggregateTotals('level=street');
    for (const s of streets) expect(streetTotals.get(s.id), `street ${s.id}`).toEqual({ total: s.total, overdue: s.overdue });
    expect(await drawnCounts(closer, 'district')).toEqual([]);
    await closer.screenshot({ path: path.join(SHOTS, 'tiles-z9-streets.png') });
    expect(complaints.get(page)).toEqual([]);
    expect(complaints.get(closer)).toEqual([]);
    await closer.close();

    const phone = await openMap(tiled.baseUrl, `/?${HENGYANG_Z8}`, [], { width: 390, height: 844 });
    expect((await drawnCounts(phone, 'district')).map((d) => d.id)).toContain(shigu.id);
    await phone.screenshot({ path: path.join(SHOTS, 'tiles-z8-phone.png') });
    expect(complaints.get(phone)).toEqual([]);
    await phone.close();
  });

  it('keeps the GeoJSON map for a deployment under the threshold, as the demo has', { timeout: 90_000 }, async () => {
    const page = await openMap(session.baseUrl, `/?${SHIGU_Z12}`);
    expect(await page.evaluate(() => window.minshengMap!.getSource('project-tiles') === undefined)).toBe(true);
    const clusters = await page.evaluate(() => window.minshengMap!.queryRenderedFeatures({ layers: ['project-clusters'] }).map((f) => f.properties));
    expect((await rendered(page, GEOJSON_LAYERS)).length).toBeGreaterThan(0);
    expect(clusters.length).toBeGreaterThan(0);
    // Its clusters count their overdue projects for the ring, as the tiles' counts do.
    for (const c of clusters) expect(Number(c.overdue_count)).toBeLessThanOrEqual(Number(c.point_count));
    expect(await page.getByTestId('list-total').count()).toBe(0);
    await page.close();
  });

  it('answers a tile path it has no route for in JSON, not with the app page', async () => {
    const response = await fetch(`${session.baseUrl}/tiles/projects/12/3329/1729.png`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
