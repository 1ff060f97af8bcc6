import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../helpers/browser.js';
import { time, type BenchResult } from '../measure.js';
import { SPREAD } from '../syntheticData.js';

/** A text filter no project matches: the same page, basemap and areas, with no project drawn. */
const NOTHING_MATCHES = '无此项目-no-such-project';

/**
 * Time from navigation to the map's first `idle` with every project in view
 * drawn (the client marks `data-drawn` once it has them), in a fresh browser
 * context each run so nothing is cached: what a leader waits for when she
 * opens the link. The views are the whole synthetic prefecture (z9) and a
 * town centre (z13).
 */
async function firstIdle(browser: Browser, url: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('[data-testid=map][data-drawn=true]', { timeout: 300_000 });
    await page.waitForFunction(
      () => {
        const map = window.minshengMap!;
        return map.loaded() && !map.isMoving() && map.areTilesLoaded();
      },
      undefined,
      { timeout: 300_000, polling: 50 },
    );
  } finally {
    await context.close();
  }
}

export async function mapIdleCases(app: FastifyInstance, projects: number, runs: number): Promise<BenchResult[]> {
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchBrowser();
  const centre = `${(SPREAD.lon + SPREAD.width / 2).toFixed(4)},${(SPREAD.lat + SPREAD.height / 2).toFixed(4)}`;
  const results: BenchResult[] = [];
  try {
    for (const zoom of [9, 13]) {
      const url = `${baseUrl}/?c=${centre}&z=${zoom}`;
      const empty = await time(() => firstIdle(browser, `${url}&q=${encodeURIComponent(NOTHING_MATCHES)}`), { runs, warmup: 1 });
      const full = await time(() => firstIdle(browser, url), { runs, warmup: 1 });
      const ratio = full.p50 / empty.p50;
      results.push({
        case: `map first idle, z${zoom} (${projects.toLocaleString('en')} projects)`,
        measure: `p50 / p95 of ${runs} page loads, headless Chromium, fresh context each`,
        value: full,
        baseline: { name: 'same view, no project matching', value: empty },
        ratio,
        ratioLabel: `${ratio.toFixed(2)}×`,
        target: '≤ 2×',
        met: ratio <= 2,
      });
    }
  } finally {
    await browser.close();
  }
  return results;
}
