import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, DEFAULT_CLIENT_DIR } from '../../server/src/app.js';
import { buildClientIfStale } from '../../server/src/cli/clientBuild.js';
import { connectDatabase } from '../../server/src/db/database.js';
import { browserUnavailable, launchBrowser } from '../helpers/browser.js';

/** Screenshots land here for people to look at; the folder is not committed. */
const SHOTS = path.join(import.meta.dirname, 'screenshots');

let app: FastifyInstance;
let browser: Browser;
let baseUrl: string;

const skipped = browserUnavailable() !== undefined;

beforeAll(async () => {
  if (skipped) return;
  await buildClientIfStale(() => undefined);
  const db = connectDatabase(inject('databaseUrl'), inject('databaseKind'), 4);
  app = await buildApp({ db, timeZone: 'Asia/Shanghai', clientDir: DEFAULT_CLIENT_DIR });
  app.addHook('onClose', async () => db.close());
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function projectCount(): Promise<number> {
  const page = (await app.inject('/api/projects?limit=5000')).json<{ numberReturned: number }>();
  return page.numberReturned;
}

describe.skipIf(skipped).each([
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 390, height: 844 }],
])('the map on a %s', (name, viewport) => {
  it('draws the districts and every project, in Chinese, with the demo data marked', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport, locale: 'zh-CN' });
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('pageerror', (e) => failed.push(e.message));
    await page.goto(baseUrl);
    await page.waitForSelector('[data-testid=map][data-drawn=true]', { timeout: 60_000 });
    expect(await page.locator('h1').innerText()).toContain('民生地图');
    expect(await page.locator('.demo-badge').innerText()).toContain('演示数据');
    const total = await projectCount();
    expect(await page.locator('.legend').innerText()).toContain(`共 ${total.toLocaleString('zh-CN')} 个项目`);
    await page.screenshot({ path: path.join(SHOTS, `map-${name}.png`) });
    expect(failed).toEqual([]);
    await page.close();
  });
});

describe.skipIf(skipped)('language', () => {
  it('switches the interface to English and back', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('h1').innerText()).toContain('Minsheng Map');
    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.locator('h1').innerText()).toContain('民生地图');
    await page.close();
  });
});
