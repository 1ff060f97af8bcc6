import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHOTS, useE2eSession, waitForDrawn } from '../helpers/e2e.js';
import { logInPage } from '../helpers/e2eLogin.js';

const session = useE2eSession();

interface Feature {
  id: number;
  geometry: { type: string; coordinates: [number, number] };
  properties: { title: string; kind: string; households_benefited?: number | null };
}

/**
 * A ledger as districts keep them: a merged title row above the header, a
 * good row, a row the importer must refuse (unknown kind, longitude not a
 * number) and a row with an address but no coordinates.
 */
async function ledgerWorkbook(stamp: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(['石鼓区民生项目台账(E2E)']);
  sheet.mergeCells('A1:G1');
  sheet.addRow(['序号', '项目名称', '类型', '地址', '经度', '纬度', '受益户数']);
  sheet.addRow([`E2E-${stamp}-1`, `E2E 导入路灯 ${stamp}`, '路灯', '石鼓区解放路 1 号', 112.612, 26.902, 30]);
  sheet.addRow([`E2E-${stamp}-2`, `E2E 导入坏行 ${stamp}`, '不知道', '石鼓区解放路 2 号', '东经112度', 26.9, 5]);
  sheet.addRow([`E2E-${stamp}-3`, `E2E 待定位充电桩 ${stamp}`, '充电桩', '石鼓区人民路 12 号', null, null, 12]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function openMap(viewport: { width: number; height: number }): Promise<Page> {
  const page = await session.browser.newPage({ viewport, locale: 'zh-CN' });
  await logInPage(page, session.baseUrl, 'planner');
  await page.goto(session.baseUrl);
  await waitForDrawn(page);
  return page;
}

async function projectsTitled(title: string): Promise<Feature[]> {
  return (await session.app.inject(`/api/projects?q=${encodeURIComponent(title)}`)).json<{ features: Feature[] }>().features;
}

describe.skipIf(session.skipped)('importing a ledger', () => {
  it('maps the columns, previews every row, writes the good ones and lists the one to place', { timeout: 180_000 }, async () => {
    const stamp = String(Date.now());
    const page = await openMap({ width: 1280, height: 800 });
    await page.getByTestId('open-import').click();
    const importer = page.getByTestId('import-page');
    await importer.waitFor();

    await importer.getByTestId('import-file').setInputFiles({
      name: `石鼓区台账-${stamp}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await ledgerWorkbook(stamp),
    });

    // The mapping step: the header is found below the title row, and 项目名称 is read as the title.
    await importer.getByTestId('import-mapping').waitFor();
    const titleColumn = importer.getByTestId('import-column-B');
    expect(await titleColumn.locator('th').innerText()).toBe('项目名称');
    expect(await titleColumn.locator('select option:checked').innerText()).toBe('项目名称');
    expect(await importer.getByTestId('import-columns').locator('caption').innerText()).toContain('表头在第 2 行,其下有 3 行数据');
    expect(await importer.getByTestId('import-ledger-known').innerText()).toBe('新台账');
    await importer.getByTestId('import-ledger-name').fill(`E2E 台账 ${stamp}`);
    await page.screenshot({ path: path.join(SHOTS, 'import-mapping.png') });
    await importer.getByTestId('import-preview').click();

    // The preview: nothing written yet; the bad row names its column and why.
    await importer.getByTestId('import-preview-step').waitFor({ timeout: 60_000 });
    expect(await importer.getByTestId('import-chip-create').innerText()).toContain('1');
    expect(await importer.getByTestId('import-chip-rejected').innerText()).toContain('1');
    expect(await importer.getByTestId('import-chip-unplaced').innerText()).toContain('1');
    const rejected = importer.getByTestId('import-row-4');
    await expect.poll(() => rejected.innerText()).toContain('无法导入');
    expect(await rejected.innerText()).toMatch(/列 C 类型:.*不知道/);
    expect(await rejected.innerText()).toMatch(/列 E 经度:/);
    const rejectedHref = (await importer.getByTestId('import-download-rejected').getAttribute('href'))!;
    expect(rejectedHref).toMatch(/^\/api\/imports\/\d+\/rejected\.xlsx$/);
    const rejectedFile = await page.request.get(`${session.baseUrl}${rejectedHref}`);
    expect(rejectedFile.headers()['content-type']).toContain('spreadsheetml');
    const rejectedBook = new ExcelJS.Workbook();
    // exceljs types its input as the older Buffer; the bytes are the same (as in the API tests).
    await rejectedBook.xlsx.load((await rejectedFile.body()) as unknown as ArrayBuffer);
    expect(JSON.stringify(rejectedBook.worksheets[0]!.getSheetValues())).toContain(`E2E 导入坏行 ${stamp}`);
    expect(await projectsTitled(`E2E 导入路灯 ${stamp}`)).toHaveLength(0);
    await page.screenshot({ path: path.join(SHOTS, 'import-preview.png') });

    await importer.getByTestId('import-confirm').click();
    await importer.locator('[data-testid=import-result][data-state=committed]').waitFor({ timeout: 60_000 });
    expect(await importer.getByTestId('import-count-create').innerText()).toContain('1');
    expect(await importer.getByTestId('import-count-unplaced').innerText()).toContain('1');
    await page.screenshot({ path: path.join(SHOTS, 'import-result.png') });

    const [listed] = await projectsTitled(`E2E 导入路灯 ${stamp}`);
    const created = (await session.app.inject(`/api/projects/${listed!.id}`)).json<Feature>();
    expect(created).toMatchObject({ geometry: { type: 'Point' }, properties: { kind: 'streetlight', households_benefited: 30 } });
    expect(created.geometry.coordinates[0]).toBeCloseTo(112.612, 5);
    expect(await projectsTitled(`E2E 导入坏行 ${stamp}`)).toHaveLength(0);

    // Back on the map, the new project is in the list without a reload.
    await importer.getByTestId('import-show-on-map').click();
    await importer.waitFor({ state: 'detached' });
    await page.locator('.project-list').getByText(`E2E 导入路灯 ${stamp}`).waitFor();

    // The row with an address only waits in the unplaced list; one click on the map places it.
    await page.getByTestId('open-unplaced').click();
    const row = page.getByTestId('unplaced-row').filter({ hasText: `E2E 待定位充电桩 ${stamp}` });
    await row.getByRole('button', { name: '放置' }).click();
    await expect.poll(() => page.getByTestId('placing-hint').innerText()).toContain(`点击地图放置:E2E 待定位充电桩 ${stamp}`);
    await page.screenshot({ path: path.join(SHOTS, 'import-placing.png') });
    const map = (await page.locator('[data-testid=map] canvas').boundingBox())!;
    await page.mouse.click(map.x + map.width / 2, map.y + map.height / 2);
    await row.waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(SHOTS, 'import-placed.png') });
    const [placed] = await projectsTitled(`E2E 待定位充电桩 ${stamp}`);
    expect(placed).toMatchObject({ geometry: { type: 'Point' }, properties: { kind: 'charging' } });
    await page.close();
  });

  it('says why a file is refused, in Chinese with the English beneath', { timeout: 90_000 }, async () => {
    const page = await openMap({ width: 390, height: 844 });
    await page.getByTestId('open-import').click();
    const importer = page.getByTestId('import-page');
    await importer.getByTestId('import-file').setInputFiles({ name: '旧台账.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from('not really') });
    const error = importer.getByTestId('import-drop-error');
    await expect.poll(() => error.innerText()).toContain('另存为 .xlsx');
    expect(await error.locator('[lang=en]').innerText()).toContain('Save an old .xls as .xlsx');

    // The server's own refusal, in both of its languages.
    await importer.getByTestId('import-file').setInputFiles({ name: '无表头.csv', mimeType: 'text/csv', buffer: Buffer.from('甲,乙\n1,2\n') });
    await expect.poll(() => error.innerText()).toContain('表头');
    expect(await error.locator('[lang=en]').innerText()).toContain('header');
    await page.screenshot({ path: path.join(SHOTS, 'import-refused-phone.png') });
    await page.close();
  });

  it('previews a CSV ledger on a phone, and warns that without a key a re-import would duplicate', { timeout: 120_000 }, async () => {
    const stamp = String(Date.now());
    const csv = `项目名称,类别,经度,纬度\nE2E 手机导入 ${stamp},充电桩,112.6,26.9\n`;
    const page = await openMap({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, 'import-header-phone.png') });
    await page.getByTestId('open-import').click();
    const importer = page.getByTestId('import-page');
    await importer.getByTestId('import-file').setInputFiles({ name: `手机台账-${stamp}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${csv}`) });
    await importer.getByTestId('import-mapping').waitFor();
    expect(await importer.getByTestId('import-mapping-problems').innerText()).toContain('重复新建');
    await importer.getByLabel('GCJ-02(高德、腾讯等网络地图)').check();
    await page.screenshot({ path: path.join(SHOTS, 'import-mapping-phone.png') });

    // Ignoring the kind column blocks the preview until it is chosen again.
    const kind = importer.getByLabel('列 B“类别”导入为');
    await kind.selectOption('');
    expect(await importer.getByTestId('import-mapping-problems').innerText()).toContain('请指定哪一列是“类型”');
    expect(await importer.getByTestId('import-preview').isDisabled()).toBe(true);
    await kind.selectOption('kind');

    await importer.getByTestId('import-preview').click();
    await importer.getByTestId('import-preview-step').waitFor({ timeout: 60_000 });
    expect(await importer.getByTestId('import-chip-create').innerText()).toContain('1');
    await page.screenshot({ path: path.join(SHOTS, 'import-preview-phone.png') });

    // Back to the columns keeps what was chosen.
    await importer.getByTestId('import-back').click();
    expect(await importer.getByLabel('GCJ-02(高德、腾讯等网络地图)').isChecked()).toBe(true);
    expect(await projectsTitled(`E2E 手机导入 ${stamp}`)).toHaveLength(0);
    await page.close();
  });
});

describe.skipIf(session.skipped)('exporting the view', () => {
  it('offers the public the projects the filters select, as Excel, CSV and GeoJSON', { timeout: 90_000 }, async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(`${session.baseUrl}/?kind=charging&status=in_progress`);
    await waitForDrawn(page);
    await page.getByTestId('open-export').click();
    const menu = page.getByTestId('export-menu');
    await menu.waitFor();
    const shown = await page.locator('.project-list li').count();
    expect(await menu.innerText()).toContain(`导出地图和列表当前显示的 ${shown} 个项目`);
    await page.screenshot({ path: path.join(SHOTS, 'export-menu.png') });

    const href = (await menu.getByTestId('export-geojson').getAttribute('href'))!;
    expect(new URL(href, session.baseUrl).searchParams.get('kind')).toBe('charging');
    const response = await page.request.get(new URL(href, session.baseUrl).toString());
    expect(response.ok()).toBe(true);
    const exported = (await response.json()) as { features: { properties: { kind: string; status: string } }[] };
    expect(exported.features).toHaveLength(shown);
    expect(exported.features.every((f) => f.properties.kind === 'charging' && f.properties.status === 'in_progress')).toBe(true);
    for (const format of ['xlsx', 'csv'] as const) {
      expect(await menu.getByTestId(`export-${format}`).getAttribute('href')).toBe(href.replace('format=geojson', `format=${format}`));
    }
    await page.close();
  });
});
