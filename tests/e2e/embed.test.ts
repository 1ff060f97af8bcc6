import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { GeoJSONSource } from 'maplibre-gl';
import type { Frame, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BasemapConfig } from '../../server/src/config.js';
import { SHOTS, unobstructedFeature, useE2eSession, waitForDrawn, waitForIdle } from '../helpers/e2e.js';
import { startTestServer } from '../helpers/server.js';

const session = useE2eSession();

/** A pale 1×1 PNG: every tile of the test basemap. */
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGO48eoyAAUzApaVkRtDAAAAAElFTkSuQmCC', 'base64');

/**
 * Another site on another loopback port, so another origin (and the same
 * site, as a district's news page on a subdomain would be): an article that
 * iframes the embed, and a MapLibre style with tiles for the basemap test.
 */
function startNewsSite(): Promise<{ server: http.Server; url: string; tileRequests: () => number }> {
  let tiles = 0;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://news');
    if (url.pathname === '/article') {
      const src = url.searchParams.get('src') ?? '';
      const width = Number(url.searchParams.get('w') ?? 600);
      const height = Number(url.searchParams.get('h') ?? 400);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>衡阳新闻网</title></head>
        <body style="margin:0;padding:16px 24px;font:16px/1.6 serif;background:#fff">
        <h1 style="font-size:22px;margin:0 0 8px">石鼓区:路灯亮了,下水道通了</h1>
        <p style="margin:0 0 12px">记者从石鼓区了解到,今年以来全区民生实事项目进展顺利。下图为项目分布:</p>
        <iframe src="${src.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}" width="${width}" height="${height}"
          style="border:0" loading="lazy" title="民生地图" allowfullscreen></iframe>
        <p>(本文地图由民生地图嵌入)</p></body></html>`);
      return;
    }
    const cors = { 'access-control-allow-origin': '*' };
    if (url.pathname === '/style.json') {
      response.writeHead(200, { ...cors, 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          version: 8,
          sources: { tint: { type: 'raster', tiles: [`http://${request.headers.host}/tiles/{z}/{x}/{y}.png`], tileSize: 256, attribution: 'test tiles' } },
          layers: [{ id: 'tint', type: 'raster', source: 'tint' }],
        }),
      );
      return;
    }
    if (url.pathname.startsWith('/tiles/')) {
      tiles += 1;
      response.writeHead(200, { ...cors, 'content-type': 'image/png' });
      response.end(TILE);
      return;
    }
    response.writeHead(request.url === '/favicon.ico' ? 204 : 404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tileRequests: () => tiles })),
  );
}

let news: Awaited<ReturnType<typeof startNewsSite>>;
let shigu: number;
let shiguName: { zh: string; en: string };
/** Everything the public must never see: the demo data's reporters' names and phones, internal notes. */
let secrets: string[];

beforeAll(async () => {
  if (session.skipped) return;
  news = await startNewsSite();
  const { rows: areas } = await session.app.db.pool.query<{ id: number; name: string; name_en: string }>(
    "SELECT id, name, name_en FROM areas WHERE code = '430407'",
  );
  shigu = areas[0]!.id;
  shiguName = { zh: areas[0]!.name, en: areas[0]!.name_en };
  const { rows: reporters } = await session.app.db.pool.query<{ reporter_name: string; reporter_phone: string | null }>(
    'SELECT DISTINCT reporter_name, reporter_phone FROM projects WHERE reporter_name IS NOT NULL',
  );
  secrets = reporters.flatMap((r) => [r.reporter_name, r.reporter_phone ?? '']).filter((s) => s.length >= 2);
  // Internal notes, where the schema has them yet.
  const { rows: noteColumn } = await session.app.db.pool.query(
    "SELECT 1 FROM information_schema.columns WHERE table_name = 'projects' AND column_name = 'internal_note'",
  );
  if (noteColumn.length > 0) {
    const { rows: notes } = await session.app.db.pool.query<{ internal_note: string }>('SELECT internal_note FROM projects WHERE internal_note IS NOT NULL');
    secrets.push(...notes.map((n) => n.internal_note).filter((s) => s.length >= 4));
  }
});

afterAll(async () => {
  await new Promise((resolve) => news?.server.close(resolve));
});

async function apiCount(query: string): Promise<number> {
  return (await session.app.inject(`/api/projects?limit=5000&${query}`)).json<{ numberReturned: number }>().numberReturned;
}

interface EmbedVisit {
  page: Page;
  frame: Frame;
  /** Requests the embed made to its own server, in order. */
  requests: Request[];
  /** The bodies of every answer the embed's server gave, once they are read. */
  bodies(): Promise<string[]>;
  /** Messages the page and the frame wrote to the console, and security policy violations. */
  console: string[];
}

/**
 * A page on the news site whose article iframes the embed at `embedPath`;
 * resolves once the frame's map has drawn. `cookie` puts a session cookie of
 * the map's site in the browser first, as a staff member's browser would have.
 */
async function openInNewsPage(
  embedPath: string,
  size = { width: 600, height: 400 },
  baseUrl = session.baseUrl,
  cookie?: { name: string; value: string },
): Promise<EmbedVisit> {
  const page = await session.browser.newPage({ viewport: { width: size.width + 48, height: size.height + 200 }, locale: 'zh-CN' });
  if (cookie) await page.context().addCookies([{ ...cookie, url: baseUrl }]);
  const requests: Request[] = [];
  const bodies: Promise<string>[] = [];
  const messages: string[] = [];
  await watchViolations(page);
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()} (${m.location().url})`));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (r.url().startsWith(baseUrl)) requests.push(r);
  });
  page.on('response', (r) => {
    if (r.url().startsWith(baseUrl)) bodies.push(r.text().catch(() => ''));
  });
  const src = `${baseUrl}${embedPath}`;
  await page.goto(`${news.url}/article?src=${encodeURIComponent(src)}&w=${size.width}&h=${size.height}`);
  const frame = (await (await page.waitForSelector('iframe')).contentFrame())!;
  await waitForDrawn(frame);
  return { page, frame, requests, bodies: () => Promise.all(bodies), console: messages };
}

/** The kinds MapLibre drew in the frame's view: unclustered points, lines and polygons. */
function drawnKinds(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    const map = window.minshengMap!;
    const layers = map.getStyle().layers.filter((l) => /^project-[a-z_]+-(point|line|fill)$/.test(l.id)).map((l) => l.id);
    return [...new Set(map.queryRenderedFeatures({ layers }).map((f) => String(f.properties.kind)))].sort();
  });
}

/** The kinds of every project the frame's map holds, clustered or not, drawn in view or not. */
function loadedKinds(frame: Frame): Promise<string[]> {
  return frame.evaluate(async () => {
    const map = window.minshengMap!;
    const kinds = new Set<string>();
    for (const source of ['project-points', 'project-shapes']) {
      const data = (await (map.getSource(source) as GeoJSONSource).getData()) as GeoJSON.FeatureCollection;
      for (const f of data.features) kinds.add(String(f.properties?.kind));
    }
    return [...kinds].sort();
  });
}

/**
 * Clicks a project on the embedded map, where nothing lies over it, zooming
 * into a cluster first if every project in view is clustered. Returns what was clicked.
 */
async function clickAProject(visit: EmbedVisit): Promise<{ id: number; title: string; kind: string }> {
  const frameBox = (await (await visit.frame.frameElement()).boundingBox())!;
  for (let attempt = 0; attempt < 4; attempt++) {
    const layers = await visit.frame.evaluate(() => window.minshengMap!.getStyle().layers.filter((l) => /^project-[a-z_]+-(point|line)$/.test(l.id)).map((l) => l.id));
    const hit = await unobstructedFeature(visit.frame, layers);
    const cluster = hit ? undefined : await unobstructedFeature(visit.frame, ['project-clusters']);
    const target = hit
      ? { project: { id: hit.id, title: String(hit.properties.title), kind: String(hit.properties.kind) }, x: hit.x, y: hit.y }
      : cluster && { project: undefined, x: cluster.x, y: cluster.y };
    if (!target) break;
    await visit.page.mouse.click(frameBox.x + target.x, frameBox.y + target.y);
    if (target.project) return target.project;
    await waitForIdle(visit.frame);
  }
  throw new Error('no project to click in view');
}

/** Each request's URL, followed by the cookies it carried. */
function cookiesSent(requests: Request[]): Promise<string[]> {
  return Promise.all(requests.map(async (r) => `${r.url()} ${(await r.allHeaders()).cookie ?? ''}`.trim()));
}

describe.skipIf(session.skipped)('the public embed', () => {
  it('shows the map on another site\'s page, filtered, read-only, without a single private field', { timeout: 120_000 }, async () => {
    const embedPath = `/embed?area=${shigu}&kinds=streetlight,drainage&lang=zh`;
    // A staff member's session on the map's site: the embed must not use it.
    const visit = await openInNewsPage(embedPath, undefined, undefined, { name: 'minsheng_session', value: 'a-staff-members-session' });
    const { page, frame } = visit;
    expect(new URL(page.url()).origin).not.toBe(new URL(frame.url()).origin);
    await page.screenshot({ path: path.join(SHOTS, 'embed-news-600x400.png') });

    // Filtered: only the kinds asked for, in the area asked for, and the legend counts them.
    const expected = await apiCount(`area=${shigu}&kind=streetlight,drainage`);
    expect(expected).toBeGreaterThan(0);
    expect(await frame.getByTestId('embed-total').innerText()).toBe(`${expected} 个项目`);
    const projectRequests = visit.requests.filter((r) => new URL(r.url()).pathname === '/api/projects');
    expect(projectRequests.length).toBeGreaterThan(0);
    for (const r of projectRequests) {
      const q = new URL(r.url()).searchParams;
      expect(q.get('kind')).toBe('streetlight,drainage');
      expect(q.get('area')).toBe(String(shigu));
    }
    expect(await loadedKinds(frame)).toEqual(['drainage', 'streetlight']);
    const drawn = await drawnKinds(frame);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.every((k) => k === 'streetlight' || k === 'drainage'), drawn.join()).toBe(true);
    expect(await frame.locator('.embed-legend li').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')))).toEqual(['streetlight', 'drainage']);
    expect(await frame.locator('.embed-area').innerText()).toBe(shiguName.zh);

    // Read-only: nothing to type into, no editing, no login.
    expect(await frame.locator('form, input, textarea, select, [contenteditable=true]').count()).toBe(0);
    expect(await frame.getByTestId('new-project').count()).toBe(0);
    expect(await frame.getByTestId('edit-project').count()).toBe(0);
    const frameText = await frame.locator('body').innerText();
    expect(frameText).not.toMatch(/登录|新建项目|编辑|Log in|Edit/);

    // A click opens the project's public card.
    const clicked = await clickAProject(visit);
    const card = frame.getByTestId('embed-card');
    await card.waitFor();
    expect(await card.locator('h2').innerText()).toBe(clicked.title);
    expect(await card.getAttribute('data-id')).toBe(String(clicked.id));
    const cardText = await card.innerText();
    expect(cardText).toContain(clicked.kind === 'streetlight' ? '路灯' : '下水道');
    expect(cardText).toMatch(/责任单位[\s\S]*完成时限[\s\S]*上报日期/);
    expect(cardText).not.toContain('上报人');
    await page.screenshot({ path: path.join(SHOTS, 'embed-news-card.png') });
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });

    // The privacy scan: every answer the embed's server gave the frame, and all the frame shows.
    expect(secrets.length).toBeGreaterThan(0);
    const bodies = await visit.bodies();
    expect(bodies.some((b) => b.includes(clicked.title)), 'the project list is among the answers scanned').toBe(true);
    const seen = [...bodies, await frame.locator('body').innerText(), await frame.content()];
    const leaked = secrets.filter((secret) => seen.some((text) => text.includes(secret)));
    expect(leaked, 'private values seen by the embed').toEqual([]);
    // Not even the names of private fields in the data (the scripts may name them: they are code, not data).
    const data = bodies.filter((b) => b.startsWith('{') || b.startsWith('['));
    expect(data.length).toBeGreaterThan(0);
    expect(data.filter((b) => /"(reporter_name|reporter_phone|internal_note)"/.test(b)).length).toBe(0);
    expect(visit.requests.filter((r) => /photo/.test(r.url()))).toEqual([]);

    // The staff cookie went with the page itself (same site), never with the embed's data requests.
    const sent = await cookiesSent(visit.requests);
    expect(sent.find((s) => s.includes('/embed?'))).toContain('minsheng_session=');
    expect(sent.filter((s) => s.includes('/api/') && s.includes('minsheng_session'))).toEqual([]);
    expect(visit.console.filter((m) => /^(error|pageerror)/.test(m))).toEqual([]);
    await page.close();
  });

  it('speaks English with lang=en, and fits a 320 × 240 frame', { timeout: 90_000 }, async () => {
    const visit = await openInNewsPage(`/embed?area=${shigu}&kinds=charging&lang=en`, { width: 320, height: 240 });
    const { page, frame } = visit;
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe('en');
    const legend = frame.getByTestId('embed-legend');
    expect(await legend.innerText()).toMatch(/Minsheng Map[\s\S]*\d+ projects/);
    expect(await frame.getByTestId('embed-total').innerText()).toBe(`${await apiCount(`area=${shigu}&kind=charging`)} projects`);
    expect(await frame.locator('.embed-legend li').getAttribute('title')).toBe('Charging piles');
    expect(await loadedKinds(frame)).toEqual(['charging']);
    // The map fills the frame; the legend stays inside it.
    const canvas = await frame.evaluate(() => {
      const r = window.minshengMap!.getCanvas().getBoundingClientRect();
      return { width: r.width, height: r.height };
    });
    expect(canvas).toEqual({ width: 320, height: 240 });
    const box = (await (await legend.elementHandle())!.evaluate((e) => e.getBoundingClientRect().toJSON())) as DOMRect;
    expect(box.right).toBeLessThanOrEqual(320);
    expect(box.bottom).toBeLessThan(120);
    await page.screenshot({ path: path.join(SHOTS, 'embed-news-320x240-en.png') });

    const clicked = await clickAProject(visit);
    const card = frame.getByTestId('embed-card');
    await card.waitFor();
    expect(await card.locator('h2').innerText()).toBe(clicked.title);
    expect(await card.innerText()).toMatch(/Charging[\s\S]*Responsible unit[\s\S]*Reported/);
    const cardBox = (await (await card.elementHandle())!.evaluate((e) => e.getBoundingClientRect().toJSON())) as DOMRect;
    expect(cardBox.top).toBeGreaterThanOrEqual(0);
    expect(cardBox.right).toBeLessThanOrEqual(320);
    await page.screenshot({ path: path.join(SHOTS, 'embed-news-320x240-en-card.png') });
    await page.close();
  });

  it('links to the full app at the same view, in a new tab', { timeout: 90_000 }, async () => {
    const visit = await openInNewsPage(`/embed?area=${shigu}&kinds=drainage&status=completed,verified&lang=en`);
    const link = visit.frame.getByTestId('embed-open-app');
    expect(await link.getAttribute('target')).toBe('_blank');
    const [tab] = await Promise.all([visit.page.context().waitForEvent('page'), link.click()]);
    await waitForDrawn(tab);
    const url = new URL(tab.url());
    expect(url.origin).toBe(session.baseUrl);
    expect(url.searchParams.get('area')).toBe(String(shigu));
    expect(url.searchParams.get('kind')).toBe('drainage');
    expect(url.searchParams.get('status')).toBe('completed,verified');
    expect(url.searchParams.get('lang')).toBe('en');
    expect(url.searchParams.get('c')).toMatch(/^\d+\.\d+,\d+\.\d+$/);
    expect(await tab.getByTestId('legend-total').innerText()).toBe(`${await apiCount(`area=${shigu}&kind=drainage&status=completed,verified`)} projects`);
    await tab.close();
    await visit.page.close();
  });

  it('ignores parameters it cannot use, with a warning, and still draws', { timeout: 90_000 }, async () => {
    const visit = await openInNewsPage('/embed?area=12abc&kinds=streetlight,rocket&status=finished&lang=fr');
    const warnings = visit.console.filter((m) => m.startsWith('warning: embed:'));
    expect(warnings.join('\n')).toMatch(/area: ignoring "12abc"/);
    expect(warnings.join('\n')).toMatch(/kinds: ignoring rocket/);
    expect(warnings.join('\n')).toMatch(/status: ignoring finished/);
    expect(warnings.join('\n')).toMatch(/lang: ignoring "fr"/);
    expect(await visit.frame.getByTestId('embed-total').innerText()).toBe(`${await apiCount('kind=streetlight')} 个项目`);
    expect(await loadedKinds(visit.frame)).toEqual(['streetlight']);
    await visit.page.close();
  });

  it('shows everything when the area does not exist, rather than a blank frame', { timeout: 90_000 }, async () => {
    const visit = await openInNewsPage('/embed?area=999999999&kinds=charging');
    expect(visit.console.join('\n')).toMatch(/area: ignoring 999999999; there is no such area/);
    expect(await visit.frame.getByTestId('embed-total').innerText()).toBe(`${await apiCount('kind=charging')} 个项目`);
    await visit.page.close();
  });
});

describe.skipIf(session.skipped)('the snippet builder', () => {
  it('gives iframe code for the current filters, whose page loads with them', { timeout: 120_000 }, async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.baseUrl });
    await page.goto(`${session.baseUrl}/?area=${shigu}&kind=charging,compound&status=in_progress,completed&overdue=true`);
    await waitForDrawn(page);
    await page.getByTestId('open-embed').click();
    const dialog = page.getByTestId('embed-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('embed-shows-area').innerText(), { timeout: 15_000 }).toBe(shiguName.zh);
    // Overdue is a filter an embed cannot carry: the dialog says so.
    expect(await dialog.innerText()).toContain('只看逾期');
    await dialog.getByTestId('embed-size-small').check();

    const code = await dialog.getByTestId('embed-code').inputValue();
    const src = `${session.baseUrl}/embed?area=${shigu}&kinds=charging,compound&status=in_progress,completed&lang=zh`;
    expect(code).toBe(
      `<iframe src="${src.replaceAll('&', '&amp;')}" width="400" height="300" style="border:0" loading="lazy" title="民生地图" allowfullscreen></iframe>`,
    );
    await dialog.getByTestId('embed-copy').click();
    await dialog.getByText('已复制到剪贴板').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

    // The live preview is the embed itself.
    const preview = (await (await dialog.getByTestId('embed-preview').elementHandle())!.contentFrame())!;
    expect(preview.url()).toBe(src);
    await waitForDrawn(preview);
    await page.screenshot({ path: path.join(SHOTS, 'embed-snippet-builder.png') });

    // English changes the address and the title.
    await dialog.getByTestId('embed-lang-en').check();
    expect(await dialog.getByTestId('embed-code').inputValue()).toMatch(/lang=en" width="400" height="300" style="border:0" loading="lazy" title="Minsheng Map"/);
    await page.close();

    // The copied code works on another site.
    const visit = await openInNewsPage(src.replace(session.baseUrl, ''), { width: 400, height: 300 });
    expect(await visit.frame.getByTestId('embed-total').innerText()).toBe(
      `${await apiCount(`area=${shigu}&kind=charging,compound&status=in_progress,completed`)} 个项目`,
    );
    await visit.page.close();
  });
});

/** Reports of what the page's content security policy refused, as they come. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`));
  });
  page.on('console', (m) => {
    if (m.text().startsWith('CSP violation')) violations.push(m.text());
  });
  return violations;
}

describe.skipIf(session.skipped)('the content security policy', () => {
  /**
   * TypeBox, which the app's editor validates with, first tries whether it may
   * compile validators with `new Function`; refused, it checks without. That
   * one refusal is expected in the app's own bundle (never in the embed, which has no editor).
   */
  const typeboxProbe = /^CSP violation: script-src eval \S+\/assets\/main-[\w-]+\.js$/;

  it.each([
    ['no basemap', () => undefined],
    ['a basemap style on another site', (): BasemapConfig => ({ kind: 'style', url: `${news.url}/style.json` })],
  ])('lets the embed and the app draw, with %s', { timeout: 120_000 }, async (_, basemap) => {
    const config = basemap();
    const server = config ? await startTestServer({ basemap: config }) : { app: session.app, baseUrl: session.baseUrl };
    const tilesBefore = news.tileRequests();
    try {
      const visit = await openInNewsPage(`/embed?area=${shigu}`, { width: 600, height: 400 }, server.baseUrl);
      expect(visit.console.filter((m) => m.includes('CSP violation'))).toEqual([]);
      const app = await session.browser.newPage({ viewport: { width: 1024, height: 700 } });
      const violations = await watchViolations(app);
      await app.goto(`${server.baseUrl}/?area=${shigu}`);
      await waitForDrawn(app);
      expect(violations.filter((v) => !typeboxProbe.test(v))).toEqual([]);
      if (config) {
        // The basemap's own tiles were fetched and drawn beneath the projects, in both.
        expect(news.tileRequests()).toBeGreaterThan(tilesBefore);
        for (const target of [visit.frame, app]) {
          expect(await target.evaluate(() => window.minshengMap!.getStyle().layers.some((l) => l.id === 'tint'))).toBe(true);
        }
        await visit.page.screenshot({ path: path.join(SHOTS, 'embed-news-style-basemap.png') });
      }
      await app.close();
      await visit.page.close();
    } finally {
      if (config) await server.app.close();
    }
  });

  it.each([
    ['OpenStreetMap', (): BasemapConfig => ({ kind: 'osm' })],
    ['Tianditu', (): BasemapConfig => ({ kind: 'tianditu', key: '0123456789abcdef0123456789abcdef' })],
  ])('lets the embed draw when %s cannot be reached', { timeout: 90_000 }, async (_, basemap) => {
    const server = await startTestServer({ basemap: basemap() });
    try {
      const visit = await openInNewsPage(`/embed?area=${shigu}`, { width: 600, height: 400 }, server.baseUrl);
      expect(visit.console.filter((m) => m.includes('CSP violation'))).toEqual([]);
      expect(await visit.frame.getByTestId('embed-total').innerText()).toBe(`${await apiCount(`area=${shigu}`)} 个项目`);
      await visit.page.close();
    } finally {
      await server.app.close();
    }
  });

  it('lets the API documentation run', { timeout: 60_000 }, async () => {
    const page = await session.browser.newPage();
    const violations = await watchViolations(page);
    await page.goto(`${session.baseUrl}/docs`);
    await page.locator('.swagger-ui .title').filter({ hasText: '民生地图' }).waitFor({ timeout: 30_000 });
    expect(violations).toEqual([]);
    await page.close();
  });
});
