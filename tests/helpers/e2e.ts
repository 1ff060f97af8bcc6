import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { browserUnavailable, launchBrowser } from './browser.js';
import { startTestServer } from './server.js';

/** Screenshots land here for people to look at; the folder is not committed. */
export const SHOTS = path.join(import.meta.dirname, '..', 'e2e', 'screenshots');

export interface E2eSession {
  /** Why the browser tests cannot run here, if they cannot (never under CI). */
  skipped: boolean;
  app: FastifyInstance;
  browser: Browser;
  baseUrl: string;
}

/** The real server and a headless Chromium for one test file, started before its tests and stopped after. */
export function useE2eSession(): E2eSession {
  const session = { skipped: browserUnavailable() !== undefined } as E2eSession;
  beforeAll(async () => {
    if (session.skipped) return;
    ({ app: session.app, baseUrl: session.baseUrl } = await startTestServer());
    session.browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.app?.close();
  });
  return session;
}

/** The map has drawn the projects and is idle: in a page, or in a frame such as an embed's. */
export async function waitForDrawn(page: Page | Frame): Promise<void> {
  await page.waitForSelector('[data-testid=map][data-drawn=true]', { timeout: 60_000 });
  await waitForIdle(page);
}

/** The camera has stopped and everything in view is drawn. */
export async function waitForIdle(page: Page | Frame): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = window.minshengMap!;
      return map.loaded() && !map.isMoving() && map.areTilesLoaded();
    },
    undefined,
    { timeout: 30_000 },
  );
}
