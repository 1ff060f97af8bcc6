import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SHOTS, useE2eSession, waitForDrawn } from '../helpers/e2e.js';
import { logInPage } from '../helpers/e2eLogin.js';

const session = useE2eSession();

/** A ledger naming its units the way clerks do: one short form the district knows one unit for, one it has no unit for. */
async function ledgerWorkbook(stamp: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(['石鼓区民生项目台账(简称)']);
  sheet.mergeCells('A1:H1');
  sheet.addRow(['序号', '项目名称', '类型', '经度', '纬度', '责任单位', '完成时限', '办理状态']);
  sheet.addRow([`V-${stamp}-1`, `E2E 简称路灯 ${stamp}`, '路灯', 112.612, 26.902, '区住建局', '2026/12/31', '整改中']);
  sheet.addRow([`V-${stamp}-2`, `E2E 消防充电桩 ${stamp}`, '充电桩', 112.613, 26.903, '区消防大队', '2026年12月31日', '已完成']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.skipIf(session.skipped)('reconciling a ledger’s values', () => {
  it('lists the short unit names with what they are taken as, and keeps the planner’s decision', { timeout: 180_000 }, async () => {
    const stamp = String(Date.now());
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await logInPage(page, session.baseUrl, 'planner');
    await page.goto(session.baseUrl);
    await waitForDrawn(page);
    await page.getByTestId('open-import').click();
    const importer = page.getByTestId('import-page');
    await importer.getByTestId('import-file').setInputFiles({
      name: `石鼓区简称台账-${stamp}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await ledgerWorkbook(stamp),
    });
    await importer.getByTestId('import-mapping').waitFor();
    await importer.getByTestId('import-preview').click();
    await importer.getByTestId('import-preview-step').waitFor({ timeout: 60_000 });

    // Warned rows are counted apart from the rejected one.
    expect(await importer.getByTestId('import-chip-warned').innerText()).toContain('1');
    expect(await importer.getByTestId('import-chip-rejected').innerText()).toContain('1');
    const values = importer.getByTestId('import-values');
    const shortForm = values.getByTestId('import-value-unit-区住建局');
    await expect.poll(() => shortForm.innerText()).toContain('“石鼓区住房和城乡建设局”(按简称推断,待确认)');
    expect(await values.getByTestId('import-value-unit-区消防大队').innerText()).toContain('无建议');
    await page.screenshot({ path: path.join(SHOTS, 'import-values.png') });

    await shortForm.getByTestId('import-value-accept').click();
    await expect.poll(() => shortForm.getAttribute('data-decided')).toBe('true');
    await importer.getByTestId('import-preview-again').click();
    await importer.getByTestId('import-preview-step').waitFor({ timeout: 60_000 });
    await expect.poll(() => importer.getByTestId('import-chip-warned').innerText()).toContain('0');
    await expect.poll(() => values.getByTestId('import-value-unit-区住建局').innerText()).toContain('已决定');

    // The decision is the demo unit's short name now: undone, so that other files see the demo district as it was.
    const decided = values.getByTestId('import-value-unit-区住建局');
    await decided.getByRole('button', { name: '撤销决定' }).click();
    await expect.poll(() => decided.getAttribute('data-decided')).toBe('false');
    await page.close();
  });

  it('draws the outline of a compound the ledger gave as a point no known compound contains (待勾画)', { timeout: 180_000 }, async () => {
    const stamp = String(Date.now());
    const title = `E2E 待勾画小区 ${stamp}`;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['序号', '项目名称', '类型', '经度', '纬度']);
    // Far from the demo's compounds: the point is no compound's.
    sheet.addRow([`O-${stamp}`, title, '老旧小区改造', 113.25, 28.05]);
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await logInPage(page, session.baseUrl, 'planner');
    await page.goto(session.baseUrl);
    await waitForDrawn(page);
    await page.getByTestId('open-import').click();
    const importer = page.getByTestId('import-page');
    await importer.getByTestId('import-file').setInputFiles({
      name: `待勾画台账-${stamp}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    await importer.getByTestId('import-mapping').waitFor();
    await importer.getByTestId('import-preview').click();
    await importer.getByTestId('import-preview-step').waitFor({ timeout: 60_000 });
    expect(await importer.getByTestId('import-chip-unplaced').innerText()).toContain('1');
    expect(await importer.getByTestId('import-row-2').innerText()).toContain('待勾画');
    await importer.getByTestId('import-confirm').click();
    await importer.locator('[data-testid=import-result][data-state=committed]').waitFor({ timeout: 60_000 });
    await importer.getByTestId('import-show-on-map').click();
    await importer.waitFor({ state: 'detached' });

    await page.getByTestId('open-unplaced').click();
    const row = page.getByTestId('unplaced-row').filter({ hasText: title });
    await row.getByTestId('unplaced-outline').click();
    await expect.poll(() => page.getByTestId('placing-hint').innerText()).toContain(`勾画小区范围:${title}`);
    const map = (await page.locator('[data-testid=map] canvas').boundingBox())!;
    const at = (x: number, y: number) => page.mouse.click(map.x + map.width * x, map.y + map.height * y);
    for (const [x, y] of [[0.45, 0.45], [0.55, 0.45], [0.55, 0.55], [0.45, 0.55], [0.45, 0.45]] as const) await at(x, y);
    await page.screenshot({ path: path.join(SHOTS, 'import-outlining.png') });
    await page.getByTestId('placing-save-outline').click();
    await row.waitFor({ state: 'detached' });
    const placed = (await session.app.inject(`/api/projects?q=${encodeURIComponent(title)}`)).json<{ features: { geometry: { type: string; coordinates: number[][][] }; properties: { kind: string } }[] }>().features;
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ geometry: { type: 'Polygon' }, properties: { kind: 'compound' } });
    // Drawn where the ledger put it: the map went there when the drawing began.
    const [lon, lat] = placed[0]!.geometry.coordinates[0]![0]!;
    expect(lon).toBeCloseTo(113.25, 1);
    expect(lat).toBeCloseTo(28.05, 1);
    await page.close();
  });
});
