import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, useE2eSession, waitForDrawn } from '../helpers/e2e.js';
import { logInPage } from '../helpers/e2eLogin.js';
import { ensureQingxi, removeQingxiLists, setAsideOtherQingxi } from '../helpers/qingxi.js';

const session = useE2eSession();

let qingxi: Awaited<ReturnType<typeof ensureQingxi>> | undefined;
let putBack: (() => Promise<void>) | undefined;

beforeAll(async () => {
  if (session.skipped) return;
  putBack = await setAsideOtherQingxi(session.app.db.pool);
  qingxi = await ensureQingxi(session.app.db.pool);
});
// 清溪区 and what the lists load into it would show in the other files' lists; the first-day test imports it afresh.
afterAll(async () => {
  if (qingxi) await removeQingxiLists(session.app.db.pool, qingxi);
  await putBack?.();
});

describe.skipIf(session.skipped)('importing the units and staff lists in the admin page', () => {
  it('reads the samples, shows the columns and every row’s outcome; the units appear and the staff’s passwords are shown once', { timeout: 180_000 }, async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    await logInPage(page, session.baseUrl, 'admin');
    await page.goto(session.baseUrl);
    await waitForDrawn(page);
    await page.getByTestId('user-menu-button').click();
    await page.getByTestId('open-admin').click();
    const admin = page.getByTestId('admin-page');
    await admin.getByTestId('admin-tab-lists').click();

    const lists = admin.getByTestId('list-import');
    await lists.getByTestId('list-kind-units').check();
    await lists.getByTestId('list-file').setInputFiles({
      name: '清溪区单位名录.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await readFile(new URL('../../data/samples/清溪区单位名录.xlsx', import.meta.url)),
    });
    await lists.getByTestId('list-upload').click();

    // The header is found below the merged title; 序号 is left out, 单位全称 is the full name.
    await lists.getByTestId('list-columns').waitFor({ timeout: 60_000 });
    expect(await lists.getByTestId('list-field-A').locator('option:checked').innerText()).toBe('(不导入)');
    expect(await lists.getByTestId('list-field-C').locator('option:checked').innerText()).toBe('单位全称 *');
    await page.screenshot({ path: path.join(SHOTS, 'list-import-columns.png') });
    await lists.getByTestId('list-preview').click();

    await lists.getByTestId('list-preview-table').waitFor({ timeout: 60_000 });
    expect(await lists.getByTestId('list-counts').innerText()).toContain('不能导入 1 行');
    const rejected = lists.locator('tr[data-outcome=rejected]');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.innerText()).toContain('区县“湘东区”不存在');
    await page.screenshot({ path: path.join(SHOTS, 'list-import-preview.png') });
    await lists.getByTestId('list-commit').click();

    await lists.getByTestId('list-result').waitFor({ timeout: 60_000 });
    expect(await lists.getByTestId('list-done').innerText()).toContain('未导入 1 行');
    await admin.getByTestId('admin-tab-units').click();
    const bureau = admin.locator('tr[data-unit="清溪区城市管理和综合执法局"]');
    await bureau.waitFor();

    // Then the staff list: the new accounts' initial passwords are shown once, to download.
    await admin.getByTestId('admin-tab-lists').click();
    await lists.getByTestId('list-kind-staff').check();
    await lists.getByTestId('list-file').setInputFiles({
      name: '清溪区人员名单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await readFile(new URL('../../data/samples/清溪区人员名单.xlsx', import.meta.url)),
    });
    await lists.getByTestId('list-upload').click();
    await lists.getByTestId('list-preview').click({ timeout: 60_000 });
    await lists.getByTestId('list-preview-table').waitFor({ timeout: 60_000 });
    expect(await lists.locator('tr[data-outcome=rejected]').innerText()).toContain('单位“区文旅局”不存在');
    await lists.getByTestId('list-commit').click();
    await lists.getByTestId('list-passwords').waitFor({ timeout: 60_000 });
    expect(await lists.getByTestId('list-passwords').locator('tbody tr').count()).toBe(16);
    const download = page.waitForEvent('download');
    await lists.getByTestId('list-passwords-csv').click();
    expect((await download).suggestedFilename()).toMatch(/^initial-passwords-\d+\.csv$/);
    await page.screenshot({ path: path.join(SHOTS, 'list-import-passwords.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, 'list-import-phone.png') });
    await page.close();
  });
});
