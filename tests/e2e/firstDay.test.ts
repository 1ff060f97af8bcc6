import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/services/users.js';
import { browserUnavailable, launchBrowser } from '../helpers/browser.js';
import { SHOTS, waitForDrawn } from '../helpers/e2e.js';
import { startEmptyServer, type EmptyServer } from '../helpers/emptyServer.js';

/**
 * A district's first day in the browser, on a server with an empty database
 * (no demo data), with the files of data/samples/ as a district brings them:
 * the administrator loads 清溪区's boundaries (GBK Shapefiles in CGCS2000, the
 * streets in Gauss-Krüger metres), its units, staff and compounds lists; a
 * planner whose account came from the staff list imports the ledger with its
 * short unit names; the map shows the district's projects.
 */
const skipped = browserUnavailable() !== undefined;
const ADMIN = { username: 'qx-first-admin', password: 'first-day-admin-pw' };
let server: EmptyServer;
let browser: Browser;

beforeAll(async () => {
  if (skipped) return;
  server = await startEmptyServer();
  // The first administrator, as `npm run user` makes one on a new server.
  await createUser(server.app.db.pool, { username: ADMIN.username, display_name: '清溪区系统管理员', password: ADMIN.password, role: 'admin' });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const sample = (name: string) => readFile(new URL(`../../data/samples/${name}`, import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function logIn(page: Page, credentials: { username: string; password: string }) {
  const response = await page.request.post(`${server.baseUrl}/api/auth/login`, { data: credentials });
  expect(response.ok(), await response.text()).toBe(true);
}

async function openAdmin(page: Page): Promise<Locator> {
  await page.goto(server.baseUrl);
  await page.getByTestId('user-menu-button').click();
  await page.getByTestId('open-admin').click();
  const admin = page.getByTestId('admin-page');
  await admin.waitFor();
  return admin;
}

async function importBoundaries(page: Page, admin: Locator, fileName: string, shot: string): Promise<string> {
  const importer = admin.getByTestId('area-import');
  await importer.getByTestId('area-import-file').setInputFiles({ name: fileName, mimeType: 'application/zip', buffer: await sample(fileName) });
  await importer.getByTestId('area-import-choices').waitFor();
  await importer.getByTestId('area-import-preview').click();
  await importer.getByTestId('area-import-preview-result').waitFor({ timeout: 60_000 });
  // Let the preview map draw its areas before the picture.
  await page.waitForFunction(() => document.querySelector('[data-testid=area-import-map] canvas') !== null);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(SHOTS, shot) });
  const previewed = await importer.getByTestId('area-import-preview-result').innerText();
  await importer.getByTestId('area-import-commit').click();
  await importer.getByTestId('area-import-done').waitFor({ timeout: 60_000 });
  await importer.getByRole('button', { name: '导入另一个文件' }).click();
  return previewed;
}

async function importList(admin: Locator, kind: 'units' | 'staff' | 'compounds', fileName: string): Promise<Locator> {
  // Through another tab: the lists tab starts afresh each time it is opened.
  await admin.getByTestId('admin-tab-start').click();
  await admin.getByTestId('admin-tab-lists').click();
  const lists = admin.getByTestId('list-import');
  await lists.getByTestId(`list-kind-${kind}`).check();
  await lists.getByTestId('list-file').setInputFiles({ name: fileName, mimeType: XLSX, buffer: await sample(fileName) });
  await lists.getByTestId('list-upload').click();
  await lists.getByTestId('list-preview').click({ timeout: 60_000 });
  await lists.getByTestId('list-preview-table').waitFor({ timeout: 60_000 });
  await lists.getByTestId('list-commit').click();
  await lists.getByTestId('list-result').waitFor({ timeout: 60_000 });
  return lists;
}

describe.skipIf(skipped)('a district’s first day, from its files to its map', () => {
  let planner: { username: string; password: string };

  it('the administrator loads the district’s boundaries, units, staff and compounds, and the checklist follows', { timeout: 300_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await logIn(page, ADMIN);
    const admin = await openAdmin(page);

    // An empty server: the checklist opens with nothing done.
    const areasStep = admin.getByTestId('onboarding-areas');
    await expect.poll(() => areasStep.innerText()).toContain('区县 0 个');
    expect(await areasStep.getAttribute('data-done')).toBe('false');
    await areasStep.getByRole('button').click();

    expect(await importBoundaries(page, admin, '清溪区-区县界.zip', 'first-day-district.png')).toContain('将新建 1 个');
    const streets = admin.getByTestId('area-import');
    await streets.getByTestId('area-import-file').setInputFiles({ name: '清溪区-街道界.zip', mimeType: 'application/zip', buffer: await sample('清溪区-街道界.zip') });
    await streets.getByTestId('area-import-choices').waitFor();
    // What the file says of itself: Gauss-Krüger from its .prj, GBK from its .cpg, the street level from its names.
    expect(await streets.getByTestId('area-import-crs').locator('option:checked').innerText()).toContain('EPSG:4547');
    expect(await streets.getByTestId('area-import-level').locator('option:checked').innerText()).toBe('街道/乡镇');
    expect(await streets.innerText()).toContain('GBK(按 .cpg 文件)');
    await streets.getByTestId('area-import-preview').click();
    const result = streets.getByTestId('area-import-preview-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.innerText()).toMatch(/清溪区有 [\d,]+ 平方米.*不在任何下级区域内/);
    expect(await result.innerText()).toContain('已自动修复');
    expect(await streets.getByTestId('area-import-counts').innerText()).toContain('将新建 6 个');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(SHOTS, 'first-day-streets-preview.png') });
    await streets.getByTestId('area-import-commit').click();
    await streets.getByTestId('area-import-done').waitFor({ timeout: 60_000 });

    // The units list (with short names), the staff list (accounts with initial passwords), the compounds list.
    expect(await (await importList(admin, 'units', '清溪区单位名录.xlsx')).getByTestId('list-done').innerText()).toContain('未导入 1 行');
    const staff = await importList(admin, 'staff', '清溪区人员名单.xlsx');
    const plannerRow = staff.getByTestId('list-passwords').locator('tbody tr').filter({ hasText: 'qx-planner1' });
    planner = { username: 'qx-planner1', password: (await plannerRow.locator('code').innerText()).trim() };
    await importList(admin, 'compounds', '清溪区小区名录.xlsx');

    await admin.getByTestId('admin-tab-start').click();
    for (const step of ['areas', 'units', 'staff', 'layers']) {
      await expect.poll(() => admin.getByTestId(`onboarding-${step}`).getAttribute('data-done')).toBe('true');
    }
    expect(await admin.getByTestId('onboarding-areas').innerText()).toContain('区县 1 个,街道/乡镇 6 个');
    expect(await admin.getByTestId('onboarding-ledgers').getAttribute('data-done')).toBe('false');
    await page.screenshot({ path: path.join(SHOTS, 'first-day-checklist.png') });
    await page.close();
  });

  it('a planner from the staff list imports the ledger as the clerks keep it, and the map shows the district’s projects', { timeout: 300_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await logIn(page, planner);
    await page.goto(server.baseUrl);
    await page.getByTestId('open-import').click();
    const importer = page.getByTestId('import-page');
    await importer.getByTestId('import-file').setInputFiles({ name: '清溪区2026年三季度民生实事台账.xlsx', mimeType: XLSX, buffer: await sample('清溪区2026年三季度民生实事台账.xlsx') });
    await importer.getByTestId('import-mapping').waitFor({ timeout: 60_000 });
    await importer.getByTestId('import-preview').click();
    await importer.getByTestId('import-preview-step').waitFor({ timeout: 60_000 });

    // The clerks' short names are taken as the district's units, each said once with its row count.
    const values = importer.getByTestId('import-values');
    await expect.poll(() => values.innerText()).toContain('区城管局');
    expect(await values.innerText()).toContain('清溪区城市管理和综合执法局');
    await page.screenshot({ path: path.join(SHOTS, 'first-day-ledger-values.png') });
    const created = Number(/\d+/.exec(await importer.getByTestId('import-chip-create').innerText())![0]);
    expect(created).toBeGreaterThan(40);

    await importer.getByTestId('import-confirm').click();
    await importer.locator('[data-testid=import-result][data-state=committed]').waitFor({ timeout: 120_000 });
    await importer.getByTestId('import-show-on-map').click();
    await importer.waitFor({ state: 'detached' });
    await waitForDrawn(page);
    // The map opens on the server's own district, not on the demo's.
    const [lon, lat] = await page.evaluate(() => window.minshengMap!.getCenter().toArray());
    expect(lon).toBeGreaterThan(113.0);
    expect(lon).toBeLessThan(113.3);
    expect(lat).toBeGreaterThan(28.0);
    expect(lat).toBeLessThan(28.3);
    await page.screenshot({ path: path.join(SHOTS, 'first-day-map.png') });

    // Every written project lies in 清溪区 (the only district there is), and those past 已上报 have a unit of it.
    const { rows } = await server.app.db.pool.query<{ total: number; placed: number; without_unit: number }>(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE p.area_id IS NOT NULL)::int AS placed,
              count(*) FILTER (WHERE p.status NOT IN ('reported', 'cancelled') AND p.unit_id IS NULL)::int AS without_unit
         FROM projects p WHERE p.deleted_at IS NULL`,
    );
    expect(rows[0]).toMatchObject({ total: created, placed: created, without_unit: 0 });
    const listed = await page.locator('.project-list li').count();
    expect(listed).toBeGreaterThan(0);
    await page.close();
  });
});
