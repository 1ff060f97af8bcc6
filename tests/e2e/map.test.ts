import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FOLLOW_CHANGES_MS } from '../../client/src/features/projects/useFollowChanges.js';
import { KINDS } from '../../server/src/domain/kinds/index.js';
import { loginAs } from '../helpers/auth.js';
import { GEOJSON_LAYERS, renderedProjects, SHOTS, useE2eSession, waitForDrawn, waitForIdle } from '../helpers/e2e.js';
import { createProject, pointFeature } from '../helpers/fixtures.js';
import { startTestServer } from '../helpers/server.js';

const session = useE2eSession();

/** 石鼓区's old town, close enough that points are not clustered. */
const SHIGU_VIEW = 'c=112.61500,26.90800&z=14.00';

async function apiCount(query: string): Promise<number> {
  return (await session.app.inject(`/api/projects?limit=5000&${query}`)).json<{ numberReturned: number }>().numberReturned;
}

async function openMap(url: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const page = await session.browser.newPage({ viewport, locale: 'zh-CN' });
  await page.goto(`${session.baseUrl}${url}`);
  await waitForDrawn(page);
  return page;
}

/** The kinds of project MapLibre actually drew in the current view. */
function drawnKinds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = window.minshengMap!;
    const layers = map.getStyle().layers.filter((l) => /^project-[a-z_]+-(point|line|fill)$/.test(l.id)).map((l) => l.id);
    return [...new Set(map.queryRenderedFeatures({ layers }).map((f) => String(f.properties.kind)))].sort();
  });
}

async function legendTotal(page: Page): Promise<string> {
  return page.locator('[data-testid=legend-total]').innerText();
}

describe.skipIf(session.skipped)('the map', () => {
  it.each([
    ['desktop', { width: 1440, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ])('on a %s draws every kind of project, in Chinese, with the demo data marked', { timeout: 90_000 }, async (name, viewport) => {
    const failed: string[] = [];
    const page = await session.browser.newPage({ viewport, locale: 'zh-CN' });
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('pageerror', (e) => failed.push(e.message));
    const started = Date.now();
    await page.goto(`${session.baseUrl}/?${SHIGU_VIEW}`);
    await waitForDrawn(page);
    console.log(`map drawn (${name}) ${Date.now() - started} ms after navigation`);
    expect(await page.locator('h1').innerText()).toContain('民生地图');
    expect(await page.locator('.demo-badge').innerText()).toContain('演示数据');
    expect(await drawnKinds(page)).toEqual(KINDS.map((k) => k.code).sort());
    expect(await legendTotal(page)).toBe(`共 ${await apiCount('')} 个项目`);
    await page.screenshot({ path: path.join(SHOTS, `map-${name}.png`) });
    expect(failed, failed.join('\n')).toEqual([]);
    await page.close();
  });

  it('filters by kind: only that kind is drawn, and the counts follow', { timeout: 90_000 }, async () => {
    const page = await openMap(`/?${SHIGU_VIEW}`);
    await page.getByTestId('kind-charging').check();
    await expect.poll(() => legendTotal(page), { timeout: 15_000 }).toBe(`共 ${await apiCount('kind=charging')} 个项目`);
    await waitForDrawn(page);
    expect(await drawnKinds(page)).toEqual(['charging']);
    expect(page.url()).toContain('kind=charging');
    await page.close();
  });

  it('filters by area: the map moves there and only its projects are counted', { timeout: 90_000 }, async () => {
    const page = await openMap('/');
    const { rows } = await session.app.db.pool.query<{ id: number }>("SELECT id FROM areas WHERE code = '430723'");
    const liCounty = rows[0]!.id;
    await page.getByTestId('pick-district').selectOption(String(liCounty));
    await expect.poll(() => legendTotal(page), { timeout: 15_000 }).toBe(`共 ${await apiCount(`area=${liCounty}`)} 个项目`);
    await page.waitForFunction(() => {
      const c = window.minshengMap!.getCenter();
      return Math.abs(c.lng - 111.75) < 0.4 && Math.abs(c.lat - 29.65) < 0.4;
    }, undefined, { timeout: 15_000 });
    // Its streets become choosable, once their list (a request of its own) has come.
    await expect.poll(() => page.getByTestId('pick-street').locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SHOTS, 'map-area-li-county.png') });
    await page.close();
  });

  it('opens a project\'s panel when it is clicked on the map, and highlights it in the list', { timeout: 90_000 }, async () => {
    const page = await openMap(`/?${SHIGU_VIEW}&kind=charging`);
    const target = await page.evaluate(() => {
      const map = window.minshengMap!;
      const [feature] = map.queryRenderedFeatures({ layers: ['project-charging-point'] });
      const point = map.project((feature!.geometry as GeoJSON.Point).coordinates as [number, number]);
      const box = map.getCanvas().getBoundingClientRect();
      return { id: feature!.id, title: String(feature!.properties.title), x: box.left + point.x, y: box.top + point.y };
    });
    await page.mouse.click(target.x, target.y);
    const panel = page.getByTestId('project-panel');
    await expect.poll(() => panel.locator('h2').innerText(), { timeout: 15_000 }).toBe(target.title);
    expect(await panel.innerText()).toContain('办理记录');
    expect(await page.locator(`[data-testid=project-list-item][data-id="${target.id}"]`).getAttribute('aria-current')).toBe('true');
    await page.screenshot({ path: path.join(SHOTS, 'map-panel.png') });
    await page.close();
  });

  it('puts the whole view in the URL, and a link reproduces it', { timeout: 90_000 }, async () => {
    const page = await openMap(`/?${SHIGU_VIEW}`);
    await page.getByTestId('kind-drainage').check();
    await page.getByTestId('overdue').check();
    await expect.poll(() => legendTotal(page), { timeout: 15_000 }).toBe(`共 ${await apiCount('kind=drainage&overdue=true')} 个项目`);
    const first = page.getByTestId('project-list-item').first();
    const title = await first.locator('.title').innerText();
    await first.click();
    await expect.poll(() => page.getByTestId('project-panel').locator('h2').innerText(), { timeout: 15_000 }).toBe(title);
    const link = page.url();
    expect(link).toMatch(/kind=drainage/);
    expect(link).toMatch(/overdue=true/);
    expect(link).toMatch(/sel=\d+/);

    const again = await openMap(link.replace(session.baseUrl, ''));
    expect(await again.getByTestId('kind-drainage').isChecked()).toBe(true);
    expect(await again.getByTestId('overdue').isChecked()).toBe(true);
    expect(await legendTotal(again)).toBe(await legendTotal(page));
    expect(await again.getByTestId('project-panel').locator('h2').innerText()).toBe(title);
    await page.close();
    await again.close();
  });

  it("shows another planner's new project within a minute, and drops it once deleted, with no reload", { timeout: 90_000 }, async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    // Fake timers that run at the normal pace until fastForward jumps them a minute on.
    await page.clock.install();
    await page.goto(`${session.baseUrl}/?${SHIGU_VIEW}`);
    await waitForDrawn(page);
    const before = await apiCount('');
    expect(await legendTotal(page)).toBe(`共 ${before} 个项目`);
    const drawnIds = async () => (await renderedProjects(page, GEOJSON_LAYERS)).map((p) => p.id);

    const planner = await loginAs(session.app, 'planner');
    const created = await createProject(planner, pointFeature({ kind: 'streetlight', title: '别处新建的路灯' }, [112.6152, 26.9081]));
    await page.clock.fastForward(FOLLOW_CHANGES_MS + 1_000);
    await expect.poll(() => legendTotal(page), { timeout: 15_000 }).toBe(`共 ${before + 1} 个项目`);
    await waitForIdle(page);
    await expect.poll(drawnIds, { timeout: 15_000 }).toContain(created.id);

    const deleted = await planner.inject({ method: 'DELETE', url: `/api/projects/${created.id}` });
    expect(deleted.statusCode).toBe(204);
    await page.clock.fastForward(FOLLOW_CHANGES_MS + 1_000);
    await expect.poll(() => legendTotal(page), { timeout: 15_000 }).toBe(`共 ${before} 个项目`);
    await waitForIdle(page);
    await expect.poll(drawnIds, { timeout: 15_000 }).not.toContain(created.id);
    await page.close();
  });

  it.each([
    ['OpenStreetMap tiles', { kind: 'osm' as const }],
    ['a style URL', { kind: 'style' as const, url: 'https://basemap.invalid/style.json' }],
  ])('keeps working when %s cannot be reached', { timeout: 90_000 }, async (_, basemap) => {
    const other = await startTestServer({ basemap });
    try {
      const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      await page.goto(`${other.baseUrl}/?${SHIGU_VIEW}`);
      await waitForDrawn(page);
      expect(await drawnKinds(page)).toEqual(KINDS.map((k) => k.code).sort());
      await page.close();
    } finally {
      await other.app.close();
    }
  });

  it('switches the interface to English and back', { timeout: 60_000 }, async () => {
    const page = await openMap('/');
    await page.getByTestId('switch-language').click();
    expect(await page.locator('h1').innerText()).toContain('Minsheng Map');
    expect(await legendTotal(page)).toMatch(/^\d[\d,]* projects$/);
    expect(page.url()).toContain('lang=en');
    await page.getByTestId('switch-language').click();
    expect(await page.locator('h1').innerText()).toContain('民生地图');
    await page.close();
  });
});
