import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { KINDS } from '../../server/src/domain/kinds/index.js';
import { browserUnavailable, launchBrowser } from './browser.js';
import { startTestServer } from './server.js';

/** Screenshots land here for people to look at; the folder is not committed. */
export const SHOTS = path.join(import.meta.dirname, '..', 'e2e', 'screenshots');

/** The map's layers that draw projects loaded whole (GeoJSON), and those that draw them from tiles. */
export const GEOJSON_LAYERS = KINDS.flatMap((k) => [`project-${k.code}-point`, `project-${k.code}-line`, `project-${k.code}-fill`]);
export const TILE_LAYERS = KINDS.flatMap((k) => [`project-tile-${k.code}-point`, `project-tile-${k.code}-line`, `project-tile-${k.code}-fill`]);

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

/** The projects MapLibre drew in view from these layers (those the map has), one entry per project. */
export function renderedProjects(page: Page | Frame, layers: string[]): Promise<{ id: number; kind: string }[]> {
  return page.evaluate((ids) => {
    const map = window.minshengMap!;
    const present = ids.filter((id) => map.getLayer(id));
    const byId = new Map(map.queryRenderedFeatures({ layers: present }).map((f) => [Number(f.id), String(f.properties.kind)]));
    return [...byId].map(([id, kind]) => ({ id, kind }));
  }, layers);
}

/** The areas whose project counts MapLibre drew at a level, with what each circle says, by id. */
export function drawnCounts(page: Page | Frame, level: 'district' | 'street'): Promise<{ id: number; total: number; overdue: number; count: string }[]> {
  return page.evaluate((layer) => {
    const features = window.minshengMap!.queryRenderedFeatures({ layers: [layer] });
    const byId = new Map(features.map((f) => [Number(f.id), { id: Number(f.id), total: Number(f.properties.total), overdue: Number(f.properties.overdue), count: String(f.properties.count) }]));
    return [...byId.values()].sort((a, b) => a.id - b.id);
  }, `project-aggregate-${level}-circle`);
}

/**
 * The first feature drawn in these layers (those the map has) whose point, or
 * a line's middle vertex, lies on the canvas with nothing over it (a
 * legend, a map control, or another project or count drawn above it on the
 * map), and where that is in the page or frame: what a test can click.
 */
export function unobstructedFeature(
  page: Page | Frame,
  layers: string[],
): Promise<{ id: number; properties: Record<string, unknown>; x: number; y: number } | undefined> {
  return page.evaluate((ids) => {
    const map = window.minshengMap!;
    const canvas = map.getCanvas().getBoundingClientRect();
    const covered = [...document.querySelectorAll('.embed-legend, .legend, .maplibregl-ctrl')].map((e) => e.getBoundingClientRect());
    const margin = 10;
    const free = (x: number, y: number) =>
      x > canvas.left + margin && y > canvas.top + margin && x < canvas.right - margin && y < canvas.bottom - margin &&
      !covered.some((r) => x > r.left - margin && x < r.right + margin && y > r.top - margin && y < r.bottom + margin);
    // What a click there would act on: the topmost of the projects' circles, lines and fills (not the counts' numbers).
    const clickable = map.getStyle().layers.filter((l) => l.id.startsWith('project-') && l.type !== 'symbol').map((l) => l.id);
    const onTop = (f: { id?: string | number; layer: { id: string } }, x: number, y: number) => {
      const [top] = map.queryRenderedFeatures([x, y], { layers: clickable });
      return top !== undefined && top.id === f.id && top.layer.id === f.layer.id;
    };
    for (const f of map.queryRenderedFeatures({ layers: ids.filter((id) => map.getLayer(id)) })) {
      const g = f.geometry;
      const at = g.type === 'Point' ? g.coordinates : g.type === 'LineString' ? g.coordinates[Math.floor(g.coordinates.length / 2)] : undefined;
      if (!at) continue;
      const p = map.project(at as [number, number]);
      const [x, y] = [canvas.left + p.x, canvas.top + p.y];
      if (free(x, y) && onTop(f, p.x, p.y)) return { id: Number(f.id), properties: f.properties as Record<string, unknown>, x, y };
    }
    return undefined;
  }, layers);
}
