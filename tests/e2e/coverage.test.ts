import path from 'node:path';
import { pointOnFeature } from '@turf/turf';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CoverageResult } from '../../client/src/features/coverage/api.js';
import { FOLLOW_CHANGES_MS } from '../../client/src/features/projects/useFollowChanges.js';
import { loginAs } from '../helpers/auth.js';
import { SHOTS, useE2eSession, waitForDrawn, waitForIdle } from '../helpers/e2e.js';
import { createProject, pointFeature, someUnitId } from '../helpers/fixtures.js';
import { walkTo } from '../helpers/loop.js';

const session = useE2eSession();

async function shiguId(): Promise<number> {
  const { rows } = await session.app.db.pool.query<{ id: number }>("SELECT id FROM areas WHERE code = '430407'");
  return rows[0]!.id;
}

async function api<T>(url: string): Promise<T> {
  const response = await session.app.inject(url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

/** As the panel writes figures in Chinese. */
const whole = (n: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(n);
const percent = (r: number | null) => (r === null ? '无数据' : new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(r));

async function headline(page: Page) {
  return {
    ratio: await page.getByTestId('coverage-ratio').innerText(),
    numerator: await page.getByTestId('coverage-numerator').innerText(),
    denominator: await page.getByTestId('coverage-denominator').innerText(),
  };
}

const expected = (r: CoverageResult) => ({ ratio: percent(r.ratio), numerator: whole(r.numerator), denominator: whole(r.denominator) });

interface Gaps {
  features: { geometry: GeoJSON.Geometry; properties: { name: string; compound_id: number } }[];
}

/** Child areas MapLibre actually coloured in the current view. */
function drawnCoverage(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const features = window.minshengMap!.queryRenderedFeatures({ layers: ['coverage-fill', 'coverage-no-data'] });
    return [...new Set(features.map((f) => Number(f.id)))];
  });
}

/** The map of an area (石鼓区 unless given) with its charging coverage shown; `fakeClock` lets a test jump time on. */
async function openCoverage(viewport: { width: number; height: number }, area?: number, options: { fakeClock?: boolean } = {}): Promise<{ page: Page; area: number }> {
  area ??= await shiguId();
  const page = await session.browser.newPage({ viewport, locale: 'zh-CN' });
  // Fake timers that run at the normal pace until fastForward jumps them on.
  if (options.fakeClock) await page.clock.install();
  await page.goto(`${session.baseUrl}/?area=${area}`);
  await waitForDrawn(page);
  await page.getByTestId('open-coverage').click();
  await page.getByTestId('coverage-kind').selectOption('charging');
  return { page, area };
}

describe.skipIf(session.skipped)('the coverage panel', () => {
  it('shows 石鼓区\'s charging coverage, its streets on the map and in a table, follows R, and drills down', { timeout: 120_000 }, async () => {
    const { page, area } = await openCoverage({ width: 1440, height: 900 });
    const district = await api<CoverageResult>(`/api/coverage?area=${area}&kind=charging`);
    const streets = await api<CoverageResult[]>(`/api/coverage/children?area=${area}&kind=charging`);
    expect(streets.length).toBeGreaterThan(1);

    await expect.poll(() => headline(page), { timeout: 20_000 }).toEqual(expected(district));
    expect(await page.getByTestId('coverage-panel').innerText()).toContain('全部小区户数');

    const rows = page.getByTestId('coverage-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(streets.length);
    for (const street of streets) {
      const row = page.locator(`[data-testid=coverage-row][data-id="${street.area.id}"]`);
      expect(await row.locator('th').innerText()).toBe(street.area.name);
      expect(await row.getByTestId('coverage-row-numerator').innerText()).toBe(whole(street.numerator));
      expect(await row.getByTestId('coverage-row-denominator').innerText()).toBe(whole(street.denominator));
      expect(await row.getByTestId('coverage-row-ratio').innerText()).toBe(percent(street.ratio));
    }

    await waitForIdle(page);
    await expect.poll(() => drawnCoverage(page), { timeout: 15_000 }).not.toEqual([]);
    expect(streets.map((s) => s.area.id)).toEqual(expect.arrayContaining(await drawnCoverage(page)));

    // The gaps: listed largest first as the API ranks them, and drawn on the map.
    const gaps = await api<Gaps>(`/api/gaps?area=${area}&kind=charging&radius=500&limit=200`);
    expect(gaps.features.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('coverage-gaps').locator('li').first().innerText(), { timeout: 20_000 }).toContain(gaps.features[0]!.properties.name);
    const drawnGaps = await page.evaluate(() => window.minshengMap!.queryRenderedFeatures({ layers: ['gap-fill', 'gap-line', 'gap-point'] }).length);
    expect(drawnGaps).toBeGreaterThan(0);
    // Every gap of the area, from the gaps tiles beneath the ranked ones: here the same compounds, as 石鼓区 has fewer than 200.
    const tiledGaps = () =>
      page.evaluate(() => [...new Set(window.minshengMap!.queryRenderedFeatures({ layers: ['gap-tile-fill', 'gap-tile-line'] }).map((f) => Number(f.id)))]);
    await expect.poll(async () => (await tiledGaps()).length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(gaps.features.map((f) => f.properties.compound_id)).toEqual(expect.arrayContaining(await tiledGaps()));
    await page.screenshot({ path: path.join(SHOTS, 'coverage-desktop.png') });

    const wider = await api<CoverageResult>(`/api/coverage?area=${area}&kind=charging&radius=1000`);
    expect(wider.numerator).not.toBe(district.numerator);
    await page.getByTestId('coverage-param-radius').fill('1000');
    await expect.poll(() => headline(page), { timeout: 20_000 }).toEqual(expected(wider));

    const target = streets[0]!;
    await page.locator(`[data-testid=coverage-row][data-id="${target.area.id}"]`).click();
    await expect.poll(() => page.url()).toContain(`area=${target.area.id}`);
    const street = await api<CoverageResult>(`/api/coverage?area=${target.area.id}&kind=charging&radius=1000`);
    await expect.poll(() => headline(page), { timeout: 20_000 }).toEqual(expected(street));
    await page.close();
  });

  it("follows another planner's work: a charging site completed elsewhere moves the figures and closes its gap, with no reload", { timeout: 120_000 }, async () => {
    const { page, area } = await openCoverage({ width: 1440, height: 900 }, undefined, { fakeClock: true });
    const before = await api<CoverageResult>(`/api/coverage?area=${area}&kind=charging`);
    await expect.poll(() => headline(page), { timeout: 20_000 }).toEqual(expected(before));
    const gaps = await api<Gaps>(`/api/gaps?area=${area}&kind=charging&limit=200`);
    const largest = gaps.features[0]!;
    const firstListed = () => page.getByTestId('coverage-gaps').locator('li').first().innerText();
    await expect.poll(firstListed, { timeout: 20_000 }).toContain(largest.properties.name);
    await waitForIdle(page);
    const tiledGaps = () => page.evaluate(() => window.minshengMap!.queryRenderedFeatures({ layers: ['gap-tile-fill', 'gap-tile-line'] }).map((f) => Number(f.id)));
    await expect.poll(tiledGaps, { timeout: 15_000 }).toContain(largest.properties.compound_id);

    // A site in the largest uncovered compound, taken round the loop to completed by someone else.
    const planner = await loginAs(session.app, 'planner');
    const site = pointOnFeature(largest.geometry).geometry.coordinates as [number, number];
    const created = await createProject(planner, pointFeature({ kind: 'charging', title: '别处建成的充电站', attributes: { piles: 8 } }, site));
    await walkTo(planner, { id: created.id, version: created.properties.version }, 'completed', await someUnitId(session.app));
    const after = await api<CoverageResult>(`/api/coverage?area=${area}&kind=charging`);
    expect(after.numerator).toBeGreaterThan(before.numerator);
    const gapsAfter = await api<Gaps>(`/api/gaps?area=${area}&kind=charging&limit=200`);
    expect(gapsAfter.features.map((g) => g.properties.compound_id)).not.toContain(largest.properties.compound_id);

    // Within a minute the panel, its ranked gaps and the gap tiles beneath them have all moved on.
    await page.clock.fastForward(FOLLOW_CHANGES_MS + 1_000);
    await expect.poll(() => headline(page), { timeout: 20_000 }).toEqual(expected(after));
    await expect.poll(firstListed, { timeout: 20_000 }).toContain(gapsAfter.features[0]!.properties.name);
    await waitForIdle(page);
    await expect.poll(tiledGaps, { timeout: 15_000 }).not.toContain(largest.properties.compound_id);
    expect(await tiledGaps()).not.toEqual([]);

    expect((await planner.inject({ method: 'DELETE', url: `/api/projects/${created.id}` })).statusCode).toBe(204);
    await page.close();
  });

  it('on a phone, sits in the bottom sheet over the coloured map', { timeout: 90_000 }, async () => {
    const { page, area } = await openCoverage({ width: 390, height: 844 });
    const district = await api<CoverageResult>(`/api/coverage?area=${area}&kind=charging`);
    await expect.poll(() => headline(page), { timeout: 20_000 }).toEqual(expected(district));
    await waitForIdle(page);
    await expect.poll(() => drawnCoverage(page), { timeout: 15_000 }).not.toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'coverage-phone.png') });
    await page.close();
  });

  it('drills down when a coloured area is clicked on the map, even a pixel from its boundary', { timeout: 90_000 }, async () => {
    const [street] = await api<CoverageResult[]>(`/api/coverage/children?area=${await shiguId()}&kind=charging`);
    const { page } = await openCoverage({ width: 1440, height: 900 }, street!.area.id);
    await expect.poll(() => drawnCoverage(page), { timeout: 15_000 }).not.toEqual([]);
    // Everything the panel draws (figures, table, gaps) is in before a spot is chosen.
    await page.getByTestId('coverage-gaps').waitFor({ timeout: 20_000 });
    await waitForIdle(page);
    // A spot inside a coloured community, with no project near it and not under the legend, on the
    // boundary line its neighbour draws over it: where a click used to open the neighbour.
    const target = await page.evaluate(() => {
      const map = window.minshengMap!;
      const projects = map.getStyle().layers.filter((l) => l.id.startsWith('project-')).map((l) => l.id);
      const canvas = map.getCanvas().getBoundingClientRect();
      for (let y = 40; y < canvas.height - 40; y += 10) {
        for (let x = 40; x < canvas.width - 40; x += 1) {
          const [line] = map.queryRenderedFeatures([x, y], { layers: ['coverage-line'] });
          if (!line) continue;
          const [area] = map.queryRenderedFeatures([x, y], { layers: ['coverage-fill', 'coverage-no-data'] });
          const onCanvas = document.elementFromPoint(canvas.left + x, canvas.top + y) === map.getCanvas();
          if (area && line.id !== area.id && onCanvas && map.queryRenderedFeatures([[x - 12, y - 12], [x + 12, y + 12]], { layers: projects }).length === 0) {
            return { id: Number(area.id), neighbour: Number(line.id), x: canvas.left + x, y: canvas.top + y };
          }
        }
      }
      return undefined;
    });
    expect(target).toBeDefined();
    await page.mouse.click(target!.x, target!.y);
    await expect.poll(() => new URL(page.url()).searchParams.get('area'), { timeout: 10_000 }).toBe(String(target!.id));
    const community = await api<CoverageResult>(`/api/coverage?area=${target!.id}&kind=charging`);
    await expect.poll(() => headline(page), { timeout: 20_000 }).toEqual(expected(community));
    expect(await page.getByTestId('coverage-panel').innerText()).toContain('没有下级区域');
    await page.screenshot({ path: path.join(SHOTS, 'coverage-community.png') });
    await page.close();
  });

  it('speaks English, with an unknown ratio written as "No data"', { timeout: 90_000 }, async () => {
    const { page, area } = await openCoverage({ width: 1440, height: 900 });
    await page.getByTestId('switch-language').click();
    await page.getByTestId('coverage-kind').selectOption('drainage');
    const drainage = await api<CoverageResult>(`/api/coverage?area=${area}&kind=drainage`);
    const ratio = drainage.ratio === null ? 'No data' : new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(drainage.ratio);
    await expect.poll(() => page.getByTestId('coverage-ratio').innerText(), { timeout: 20_000 }).toBe(ratio);
    const text = await page.getByTestId('coverage-panel').innerText();
    expect(text).toContain('Blockages resolved');
    expect(text).toContain('On-time rate');
    expect(await page.getByTestId('coverage-legend').innerText()).toContain('No data');
    const [first] = await api<CoverageResult[]>(`/api/coverage/children?area=${area}&kind=drainage`);
    const firstRow = page.locator(`[data-testid=coverage-row][data-id="${first!.area.id}"] [data-testid=coverage-row-numerator]`);
    await expect.poll(() => firstRow.innerText(), { timeout: 20_000 }).toBe(first!.numerator.toLocaleString('en'));
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SHOTS, 'coverage-english.png') });
    await page.close();
  });

  it('asks for a district when none is chosen, and measures the one picked', { timeout: 90_000 }, async () => {
    const area = await shiguId();
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${session.baseUrl}/`);
    await waitForDrawn(page);
    await page.getByTestId('open-coverage').click();
    expect(await page.getByTestId('coverage-panel').innerText()).toContain('请先选择一个区县');
    await page.getByTestId('coverage-pick-district').selectOption(String(area));
    await expect.poll(() => page.url()).toContain(`area=${area}`);
    const district = await api<CoverageResult>(`/api/coverage?area=${area}&kind=charging`);
    await expect.poll(() => headline(page), { timeout: 20_000 }).toEqual(expected(district));
    await page.close();
  });
});
