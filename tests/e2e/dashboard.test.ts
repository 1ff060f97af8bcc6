import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PASSWORD } from '../../server/src/config.js';
import { DASHBOARD_MEASURES, isoWeekOf, type Dashboard, type DashboardMeasure, type Measures, type WeeklyReport } from '../../server/src/domain/dashboard.js';
import { addDays } from '../../server/src/domain/dates.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { SHOTS, useE2eSession, waitForDrawn } from '../helpers/e2e.js';

const session = useE2eSession();

/** The dashboard scrolls inside the page: a tall window shows all of it in one screenshot. */
async function screenshotAll(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const height = await page.getByTestId('dashboard').evaluate((el) => el.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height + 60) });
  await page.screenshot({ path: path.join(SHOTS, name) });
  await page.setViewportSize(viewport);
}

/** The figures as the page writes them in Chinese. */
const whole = (n: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(n);
const percent = (r: number | null) => (r === null ? '—' : new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(r));
const oneDecimal = (n: number) => new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
const twoDecimals = (n: number) => new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);

function shown(m: Measures, measure: DashboardMeasure): string {
  switch (measure) {
    case 'on_time':
    case 'reopen':
      return percent(m[measure].ratio);
    case 'days_to_complete':
      return m.days_to_complete.mean === null ? '—' : `${oneDecimal(m.days_to_complete.mean)} 天`;
    case 'satisfaction':
      return m.satisfaction.mean === null ? '—' : `${twoDecimals(m.satisfaction.mean)} 分`;
    default:
      return whole(m[measure]);
  }
}

const TILES: DashboardMeasure[] = ['total', 'open', 'overdue', 'on_time', 'days_to_complete', 'reopen', 'satisfaction', 'households_benefited'];
const COLUMNS: DashboardMeasure[] = ['total', 'open', 'overdue', 'done', 'on_time', 'days_to_complete', 'reopen', 'satisfaction', 'households_benefited'];

let leader: TestSession;
async function api<T>(url: string): Promise<T> {
  leader ??= await loginAs(session.app, 'leader');
  const response = await leader.inject(url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

/** A browser logged in as the demo leader, as a person would be: the login call sets the session cookie. */
async function leaderPage(viewport = { width: 1440, height: 900 }): Promise<Page> {
  const page = await session.browser.newPage({ viewport, locale: 'zh-CN' });
  const login = await page.request.post(`${session.baseUrl}/api/auth/login`, { data: { username: 'demo-leader', password: DEFAULT_DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  await page.goto(`${session.baseUrl}/`);
  await waitForDrawn(page);
  return page;
}

async function tiles(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const m of TILES) out[m] = await page.getByTestId(`dash-tile-${m}`).getByTestId('dash-value').innerText();
  return out;
}

const expectedTiles = (m: Measures) => Object.fromEntries(TILES.map((k) => [k, shown(m, k)]));

/** The first line of each cell of a table row (a ratio's fraction is on its second line). */
async function rowFigures(row: Locator): Promise<string[]> {
  const cells = await row.locator('td').allInnerTexts();
  return cells.map((c) => c.split('\n')[0]!.trim());
}

async function expectRows(page: Page, table: string, rows: { key: string; measures: Measures }[]) {
  for (const { key, measures } of rows) {
    const row = page.locator(`[data-testid=${table}-row][data-key="${key}"]`);
    expect(await rowFigures(row), key).toEqual(COLUMNS.map((m) => shown(measures, m)));
  }
}

describe.skipIf(session.skipped)('the leader dashboard', () => {
  it('drills from all districts to 石鼓区 and one of its streets, showing the API’s figures', { timeout: 180_000 }, async () => {
    const page = await leaderPage();
    await page.getByTestId('open-dashboard').click();
    await expect.poll(() => page.url()).toContain('page=dashboard');

    const all = await api<Dashboard>('/api/dashboard');
    await expect.poll(() => tiles(page), { timeout: 20_000 }).toEqual(expectedTiles(all.totals));

    const shiguId = all.children.find((c) => c.area.name === '石鼓区')!.area.id;
    await page.getByRole('button', { name: '查看石鼓区' }).click();
    const shigu = await api<Dashboard>(`/api/dashboard?area=${shiguId}`);
    await expect.poll(() => tiles(page), { timeout: 20_000 }).toEqual(expectedTiles(shigu.totals));
    expect(await page.getByTestId('dash-breadcrumb').innerText()).toMatch(/全部区县\s*›?\s*石鼓区/);
    expect(await page.getByTestId('dash-children-table-row').count()).toBe(shigu.children.length + 1 + (shigu.rest ? 1 : 0));
    await expectRows(page, 'dash-children-table', shigu.children.map((c) => ({ key: `area-${c.area.id}`, measures: c.measures })));
    await expectRows(page, 'dash-children-table', [{ key: 'total', measures: shigu.totals }]);
    await expectRows(page, 'dash-units-table', shigu.units.map((u) => ({ key: u.unit ? `unit-${u.unit.id}` : 'unassigned', measures: u.measures })));
    const overdueIds = await page.getByTestId('dash-overdue-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-id'))));
    expect(overdueIds).toEqual(shigu.overdue.items.map((i) => i.id));
    expect(await page.getByTestId('dash-overdue-days').allInnerTexts()).toEqual(shigu.overdue.items.map((i) => `${i.days_overdue} 天`));
    expect(await page.getByTestId('dash-trend').locator('[data-week]').count()).toBe(12);
    await screenshotAll(page, 'dashboard-shigu.png');

    // The street with the most projects.
    const street = [...shigu.children].sort((a, b) => b.measures.total - a.measures.total)[0]!;
    await page.getByRole('button', { name: `查看${street.area.name}` }).click();
    const streetDashboard = await api<Dashboard>(`/api/dashboard?area=${street.area.id}`);
    await expect.poll(() => tiles(page), { timeout: 20_000 }).toEqual(expectedTiles(streetDashboard.totals));
    expect(await page.getByTestId('dash-breadcrumb').innerText()).toContain(street.area.name);
    await expectRows(page, 'dash-children-table', streetDashboard.children.map((c) => ({ key: `area-${c.area.id}`, measures: c.measures })));
    await expect.poll(() => page.url()).toContain(`area=${street.area.id}`);
    await screenshotAll(page, 'dashboard-street.png');

    // An overdue item opens on the map, with its details.
    const item = shigu.overdue.items[0]!;
    await page.getByRole('button', { name: '全部区县' }).waitFor();
    await page.getByTestId('dash-breadcrumb').getByRole('button', { name: '石鼓区' }).click();
    await expect.poll(() => tiles(page), { timeout: 20_000 }).toEqual(expectedTiles(shigu.totals));
    await page.getByRole('button', { name: `在地图上查看:${item.title}` }).click();
    await page.getByTestId('dashboard').waitFor({ state: 'detached' });
    await expect.poll(() => page.url()).toContain(`sel=${item.id}`);
    await expect.poll(() => page.locator('.panel').innerText(), { timeout: 20_000 }).toContain(item.title);
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-open-on-map.png') });
    await page.close();
  });

  it('shows the weekly summary (周通报) of 石鼓区, prints it without the map, and offers the downloads', { timeout: 120_000 }, async () => {
    const shigu = await api<Dashboard>('/api/dashboard');
    const shiguId = shigu.children.find((c) => c.area.name === '石鼓区')!.area.id;
    const report = await api<WeeklyReport>(`/api/reports/weekly?area=${shiguId}`);
    const page = await leaderPage();
    await page.goto(`${session.baseUrl}/?area=${shiguId}&page=weekly`);
    await page.getByTestId('dash-weekly').waitFor({ timeout: 20_000 });

    expect(await page.getByTestId('dash-weekly-title').innerText()).toBe(`民生实事周通报 · 石鼓区 · ${report.week.week}`);
    for (const [measure, value] of Object.entries(report.totals)) {
      expect(await page.getByTestId(`dash-weekly-tile-${measure}`).getByTestId('dash-value').innerText(), measure).toBe(String(value));
    }
    const areaRows = await page.getByTestId('dash-weekly-areas-row').count();
    expect(areaRows).toBe(report.children.length + 1 + (report.rest ? 1 : 0));
    const unitRows = page.getByTestId('dash-weekly-units-row');
    expect(await unitRows.count()).toBe(report.units.length + 1);
    expect(await page.getByTestId('dash-csv').getAttribute('href')).toBe(`/api/reports/weekly?area=${shiguId}&week=${report.week.week}&format=csv`);
    expect(await page.getByTestId('dash-xlsx').getAttribute('href')).toBe(`/api/reports/weekly?area=${shiguId}&week=${report.week.week}&format=xlsx`);
    const download = await page.request.get(`${session.baseUrl}${await page.getByTestId('dash-csv').getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    await screenshotAll(page, 'weekly-screen.png');

    // The week before, through the button: the address follows.
    await page.getByTestId('dash-week-previous').click();
    const previous = await api<WeeklyReport>(`/api/reports/weekly?area=${shiguId}&week=${isoWeekOf(addDays(report.week.start, -7))}`);
    await expect.poll(() => page.getByTestId('dash-weekly-title').innerText(), { timeout: 20_000 }).toContain(previous.week.week);
    expect(page.url()).toContain(`week=${previous.week.week}`);
    await page.getByTestId('dash-week-next').click();
    await expect.poll(() => page.getByTestId('dash-weekly-title').innerText(), { timeout: 20_000 }).toContain(report.week.week);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.map-area').isVisible()).toBe(false);
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByTestId('dash-print').isVisible()).toBe(false);
    expect(await page.getByTestId('dash-weekly-areas').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'weekly-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, path: path.join(SHOTS, 'weekly-print.pdf') });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.close();
  });

  it('is not offered to the public', { timeout: 120_000 }, async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${session.baseUrl}/`);
    await waitForDrawn(page);
    expect(await page.getByTestId('open-dashboard').count()).toBe(0);
    await page.goto(`${session.baseUrl}/?page=dashboard`);
    await page.getByTestId('dash-not-allowed').waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('speaks English when asked, with the same definitions', { timeout: 120_000 }, async () => {
    const page = await leaderPage();
    await page.goto(`${session.baseUrl}/?page=dashboard&lang=en`);
    await page.getByTestId('dash-tiles').waitFor({ timeout: 20_000 });
    for (const m of TILES) {
      const tile = page.getByTestId(`dash-tile-${m}`);
      expect(await tile.innerText()).toContain(DASHBOARD_MEASURES[m].name.en);
      expect(await tile.getAttribute('title')).toBe(DASHBOARD_MEASURES[m].definition.en);
    }
    // The longer English headings still show every column of the kind × status matrix on a desktop, none behind a scroll.
    const matrixWrap = page.getByTestId('dash-matrix').locator('..');
    expect(await matrixWrap.evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth)).toBe(0);
    await page.getByTestId('dash-definitions').locator('summary').click();
    await screenshotAll(page, 'dashboard-english.png');
    await page.close();
  });

  it('fits a phone', { timeout: 120_000 }, async () => {
    const page = await leaderPage({ width: 390, height: 844 });
    await page.goto(`${session.baseUrl}/?page=dashboard`);
    await page.getByTestId('dash-tiles').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-phone.png') });
    await page.close();
  });
});
