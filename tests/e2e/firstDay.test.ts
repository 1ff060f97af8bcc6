import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SHOTS, useE2eSession } from '../helpers/e2e.js';
import { logInPage } from '../helpers/e2eLogin.js';

/**
 * A district's first day in the browser, with the files of data/samples/: the
 * administrator brings in 清溪区's own boundaries (GBK Shapefiles in CGCS2000,
 * the streets in Gauss-Krüger metres), looking at the preview on a map before
 * writing, and the checklist follows what is loaded.
 */
const session = useE2eSession();
const sample = (name: string) => readFile(new URL(`../../data/samples/${name}`, import.meta.url));

afterAll(async () => {
  // 清溪区 would show in the other files' district lists and counts.
  const pool = session.app?.db.pool;
  if (!pool) return;
  await pool.query(`UPDATE projects SET area_id = NULL, deleted_at = now() WHERE area_id IN (SELECT id FROM areas WHERE code LIKE '439901%')`);
  await pool.query(`DELETE FROM area_imports WHERE file_name LIKE '清溪区%'`);
  for (const level of ['community', 'street', 'district']) await pool.query(`DELETE FROM areas WHERE code LIKE '439901%' AND level = $1`, [level]);
});

async function openAdmin(page: Page): Promise<Locator> {
  await logInPage(page, session.baseUrl, 'admin');
  await page.goto(session.baseUrl);
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
  await importer.getByTestId('area-import-map').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=area-import-map] canvas') !== null);
  // Let the preview map draw its areas before the picture.
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(SHOTS, shot) });
  const counts = await importer.getByTestId('area-import-counts').innerText();
  await importer.getByTestId('area-import-commit').click();
  await importer.getByTestId('area-import-done').waitFor({ timeout: 60_000 });
  return counts;
}

describe.skipIf(session.skipped)('a district’s first day', () => {
  it('brings in the district’s own boundaries, previewed on a map, and the checklist follows', { timeout: 240_000 }, async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const admin = await openAdmin(page);

    // The page opens on the checklist.
    const areasStep = admin.getByTestId('onboarding-areas');
    await areasStep.waitFor();
    const districtsBefore = Number(/区县 (\d+) 个/.exec(await areasStep.innerText())![1]);
    await areasStep.getByRole('button').click();

    expect(await importBoundaries(page, admin, '清溪区-区县界.zip', 'first-day-district.png')).toContain('将新建 1 个');
    await admin.getByTestId('area-import').getByRole('button', { name: '导入另一个文件' }).click();

    const streets = admin.getByTestId('area-import');
    await streets.getByTestId('area-import-file').setInputFiles({ name: '清溪区-街道界.zip', mimeType: 'application/zip', buffer: await sample('清溪区-街道界.zip') });
    await streets.getByTestId('area-import-choices').waitFor();
    // What the file says for itself: Gauss-Krüger from its .prj, GBK from its .cpg, the street level from its names.
    expect(await streets.getByTestId('area-import-crs').locator('option:checked').innerText()).toContain('EPSG:4547');
    expect(await streets.getByTestId('area-import-level').locator('option:checked').innerText()).toBe('街道/乡镇');
    expect(await streets.innerText()).toContain('GBK(按 .cpg 文件)');
    await streets.getByTestId('area-import-preview').click();
    const result = streets.getByTestId('area-import-preview-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.innerText()).toMatch(/清溪区有 [\d,]+ 平方米.*不在任何下级区域内/);
    expect(await result.innerText()).toContain('已自动修复');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(SHOTS, 'first-day-streets-preview.png') });
    expect(await streets.getByTestId('area-import-counts').innerText()).toContain('将新建 6 个');
    await streets.getByTestId('area-import-commit').click();
    await streets.getByTestId('area-import-done').waitFor({ timeout: 60_000 });

    await admin.getByTestId('admin-tab-start').click();
    await expect.poll(async () => admin.getByTestId('onboarding-areas').innerText()).toContain(`区县 ${districtsBefore + 1} 个`);
    expect(await admin.getByTestId('onboarding-areas').getAttribute('data-done')).toBe('true');
    // The new district's own list: its streets are in, its units and staff are still to come.
    await admin.getByTestId('onboarding-district').selectOption({ label: '清溪区' });
    await expect.poll(async () => admin.getByTestId('onboarding-areas').innerText()).toContain('区县 1 个,街道/乡镇 6 个');
    expect(await admin.getByTestId('onboarding-units').getAttribute('data-done')).toBe('false');
    await page.screenshot({ path: path.join(SHOTS, 'first-day-checklist.png') });
    await page.close();
  });
});
