import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectSummary } from '../../client/src/api/types.js';
import { KINDS } from '../../server/src/domain/kinds/index.js';
import { SESSION_COOKIE } from '../../server/src/plugins/auth.js';
import { drawnCounts, GEOJSON_LAYERS, renderedProjects as rendered, SHOTS, TILE_LAYERS, unobstructedFeature, useE2eSession, waitForDrawn, waitForIdle } from '../helpers/e2e.js';
import { logInPage } from '../helpers/e2eLogin.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The public embed with tiles forced on (a threshold of 0): what a news page
 * embedding a prefecture of a million projects gets, checked on the demo data.
 */
const session = useE2eSession();
let tiled: { app: FastifyInstance; baseUrl: string };
let shigu: number;

beforeAll(async () => {
  if (session.skipped) return;
  tiled = await startTestServer({ mapTileThreshold: 0 });
  const { rows } = await tiled.app.db.pool.query<{ id: number }>("SELECT id FROM areas WHERE code = '430407'");
  shigu = rows[0]!.id;
});
afterAll(async () => {
  await tiled?.app.close();
});

/** 石鼓区's middle. */
const SHIGU_CENTER: [number, number] = [112.615, 26.908];
const TILE_POINT_LAYERS = KINDS.map((k) => `project-tile-${k.code}-point`);

interface Visit {
  page: Page;
  /** Requests to the map's server, in order: the API's and the tiles'. */
  requests: Request[];
  /** The bodies of the API's answers, once read. */
  bodies(): Promise<string[]>;
  /** Warnings, errors and uncaught exceptions in the page. */
  complaints: string[];
}

/** The embed at its own address, in a browser where a staff member is logged in to the map's site. */
async function openEmbed(embedPath: string): Promise<Visit> {
  const page = await session.browser.newPage({ viewport: { width: 600, height: 400 }, locale: 'zh-CN' });
  await logInPage(page, tiled.baseUrl, 'admin');
  const requests: Request[] = [];
  const bodies: Promise<string>[] = [];
  const complaints: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') complaints.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => complaints.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (r.url().startsWith(tiled.baseUrl)) requests.push(r);
  });
  page.on('response', (r) => {
    if (r.url().startsWith(`${tiled.baseUrl}/api/`)) bodies.push(r.text().catch(() => ''));
  });
  await page.goto(`${tiled.baseUrl}${embedPath}`);
  await waitForDrawn(page);
  return { page, requests, bodies: () => Promise.all(bodies), complaints };
}

async function jumpTo(page: Page, zoom: number): Promise<void> {
  await page.evaluate(([center, z]) => window.minshengMap!.jumpTo({ center, zoom: z }), [SHIGU_CENTER, zoom] as const);
  await waitForIdle(page);
}


describe.skipIf(session.skipped)('the public embed in tiles mode', () => {
  it('draws tiles and counts, counts the legend from the summary, and fetches a clicked card by id, all without cookies', { timeout: 120_000 }, async () => {
    const visit = await openEmbed(`/embed?area=${shigu}&lang=zh`);
    const { page } = visit;

    // The legend: the server's counts of the area, not a count of loaded projects.
    const summary = (await tiled.app.inject(`/api/projects/summary?area=${shigu}`)).json<ProjectSummary>();
    expect(summary.total).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('embed-total').innerText(), { timeout: 15_000 }).toBe(`${summary.total} 个项目`);
    const legend = await page.locator('.embed-legend li').evaluateAll((items) => items.map((i) => [i.getAttribute('data-kind'), i.querySelector('b')!.textContent]));
    const present = KINDS.filter((k) => summary.by_kind[k.code]! > 0);
    expect(legend).toEqual(present.map((k) => [k.code, String(summary.by_kind[k.code])]));

    // At zoom 12, the projects come from the tile source.
    await jumpTo(page, 12);
    const drawn = await rendered(page, TILE_LAYERS);
    expect(drawn.length).toBeGreaterThan(5);
    expect(await rendered(page, GEOJSON_LAYERS)).toEqual([]);
    expect(visit.requests.some((r) => new URL(r.url()).pathname.startsWith('/tiles/projects/12/'))).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'embed-tiles-z12.png') });

    // A click opens the project's card, fetched by id (a tile at zoom 12 is an overview: no titles), with public fields only.
    const point = await unobstructedFeature(page, TILE_POINT_LAYERS);
    expect(point).toBeDefined();
    const target = { ...point!, title: (await tiled.app.inject(`/api/projects/${point!.id}`)).json<{ properties: { title: string } }>().properties.title };
    await page.mouse.click(target.x, target.y);
    const card = page.getByTestId('embed-card');
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('h2').innerText()).toBe(target.title);
    expect(await card.getAttribute('data-id')).toBe(String(target.id));
    const cardText = await card.innerText();
    expect(cardText).toMatch(/责任单位[\s\S]*完成时限[\s\S]*上报日期/);
    expect(cardText).not.toContain('上报人');
    expect(visit.requests.some((r) => new URL(r.url()).pathname === `/api/projects/${target.id}`)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'embed-tiles-card.png') });
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });

    // Zoomed out, counts per area instead of projects.
    await jumpTo(page, 8);
    expect(await rendered(page, TILE_LAYERS)).toEqual([]);
    const districts = await drawnCounts(page, 'district');
    expect(districts.length).toBeGreaterThan(0);
    const aggregate = (await tiled.app.inject(`/api/projects/aggregate?level=district&area=${shigu}`)).json<{ features: { id: number; properties: { total: number } }[] }>();
    const expected = new Map(aggregate.features.map((f) => [f.id, f.properties.total]));
    for (const d of districts) expect(expected.get(d.id), `district ${d.id}`).toBe(d.total);
    await page.screenshot({ path: path.join(SHOTS, 'embed-tiles-z8.png') });

    // Never the whole list; the API asked without the staff member's cookie, so it answered as to the public.
    const paths = visit.requests.map((r) => new URL(r.url()).pathname);
    expect(paths.filter((p) => p === '/api/projects')).toEqual([]);
    expect(paths).toContain('/api/projects/summary');
    expect(paths).toContain('/api/projects/aggregate');
    const api = visit.requests.filter((r) => new URL(r.url()).pathname.startsWith('/api/'));
    const withCookie = await Promise.all(api.map(async (r) => ((await r.allHeaders()).cookie?.includes(SESSION_COOKIE) ? r.url() : undefined)));
    expect(withCookie.filter((url) => url !== undefined)).toEqual([]);
    const bodies = await visit.bodies();
    expect(bodies.some((b) => b.includes(target.title))).toBe(true);
    expect(bodies.filter((b) => /"(reporter_name|reporter_phone|internal_note)"/.test(b))).toEqual([]);
    expect(visit.complaints).toEqual([]);
    await page.close();
  });
});
