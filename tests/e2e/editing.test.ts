import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { SHOTS, useE2eSession, waitForDrawn } from '../helpers/e2e.js';
import { logInPage } from '../helpers/e2eLogin.js';

const session = useE2eSession();
/** Editing is a planner's work: the API calls and the pages of these tests are the demo planner's. */
let planner: TestSession;
beforeAll(async () => {
  if (!session.skipped) planner = await loginAs(session.app, 'planner');
});

interface Feature {
  id: number;
  geometry: { type: string; coordinates: unknown };
  properties: { title: string; kind: string; version: number; attributes: Record<string, unknown> };
}

/** A project of this test's own, made through the API, so cases share no state. */
async function projectViaApi(title: string): Promise<Feature> {
  const response = await planner.inject({
    method: 'POST',
    url: '/api/projects',
    payload: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [112.6, 26.9] },
      properties: { kind: 'charging', title, attributes: { piles: 4 } },
    },
  });
  expect(response.statusCode).toBe(201);
  return response.json<Feature>();
}

async function openMap(viewport: { width: number; height: number }, query = ''): Promise<Page> {
  const page = await session.browser.newPage({ viewport, locale: 'zh-CN' });
  await logInPage(page, session.baseUrl, 'planner');
  await page.goto(`${session.baseUrl}/${query}`);
  await waitForDrawn(page);
  return page;
}

/** Opens the editor on a project through its details panel, as a planner would. */
async function editProject(id: number): Promise<Page> {
  const page = await openMap({ width: 1440, height: 900 }, `?sel=${id}`);
  await page.getByTestId('edit-project').click();
  await page.getByTestId('project-editor').waitFor();
  return page;
}

const editor = (page: Page) => page.getByTestId('project-editor');

describe.skipIf(session.skipped).each([
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 390, height: 844 }],
])('creating a project on a %s', (name, viewport) => {
  it('draws a charging pile on the map, saves it, and finds it again after a reload', { timeout: 120_000 }, async () => {
    const title = `E2E 新建充电桩 ${name} ${Date.now()}`;
    const page = await openMap(viewport);
    await page.getByTestId('new-project').click();
    await editor(page).getByRole('radio', { name: '充电桩建设' }).check();

    // Choosing a kind that is drawn as a point puts the map in point mode: one click places it.
    const map = (await page.locator('[data-testid=map] canvas').boundingBox())!;
    await page.mouse.click(map.x + map.width / 2, map.y + map.height * 0.25);
    await expect.poll(() => editor(page).locator('.editor-draw').getAttribute('data-phase')).toBe('drawn');

    await editor(page).getByLabel('标题').fill(title);
    await editor(page).getByLabel('充电桩数').fill('12');
    await page.screenshot({ path: path.join(SHOTS, `editing-create-${name}.png`) });
    await editor(page).getByRole('button', { name: '创建项目' }).click();
    await editor(page).waitFor({ state: 'detached' });

    const found = (await session.app.inject(`/api/projects?q=${encodeURIComponent(title)}`)).json<{ features: Feature[] }>().features;
    expect(found).toHaveLength(1);
    expect(found[0]!.geometry.type).toBe('Point');
    expect(found[0]!.properties).toMatchObject({ kind: 'charging', attributes: { piles: 12 } });

    await page.reload();
    await waitForDrawn(page);
    await expect.poll(() => page.locator('.project-panel h2').innerText()).toBe(title);
    await page.close();
  });
});

describe.skipIf(session.skipped)('editing a project', () => {
  it('shows the server’s reason beside the field when it refuses a value only it can check', { timeout: 90_000 }, async () => {
    const project = await projectViaApi(`E2E 单位已撤销 ${Date.now()}`);
    // A unit the page lists, removed behind its back: only the server can know it is gone.
    const { rows } = await session.app.db.pool.query<{ id: number }>(
      "INSERT INTO units (name, name_en) VALUES ($1, 'Unit about to go') RETURNING id",
      [`E2E 即将撤销的单位 ${Date.now()}`],
    );
    const unitId = rows[0]!.id;
    const page = await editProject(project.id);
    const unitSelect = editor(page).getByLabel('责任单位');
    await expect.poll(() => unitSelect.locator(`option[value="${unitId}"]`).count()).toBe(1);
    await session.app.db.pool.query('DELETE FROM units WHERE id = $1', [unitId]);

    await unitSelect.selectOption(String(unitId));
    await editor(page).getByLabel('标题').fill('我改过的标题');
    await editor(page).getByRole('button', { name: '保存' }).click();

    const error = editor(page).locator('.editor-error[data-field=unit_id]');
    await expect.poll(() => error.innerText()).toContain(`责任单位 ${unitId} 不存在`);
    expect(await editor(page).getByLabel('标题').inputValue()).toBe('我改过的标题');
    await page.screenshot({ path: path.join(SHOTS, 'editing-server-error.png') });
    const stored = (await session.app.inject(`/api/projects/${project.id}`)).json<Feature>();
    expect(stored.properties).toMatchObject({ title: project.properties.title, version: 1 });
    await page.close();
  });

  it('tells the user someone else changed the project, reloads it and keeps what she typed', { timeout: 90_000 }, async () => {
    const project = await projectViaApi(`E2E 冲突 ${Date.now()}`);
    const page = await editProject(project.id);
    await editor(page).getByLabel('标题').fill('我填写的标题');

    const elsewhere = await planner.inject({
      method: 'PATCH',
      url: `/api/projects/${project.id}`,
      payload: { version: 1, properties: { title: '别人改的标题' } },
    });
    expect(elsewhere.statusCode).toBe(200);

    await editor(page).getByRole('button', { name: '保存' }).click();
    const conflict = page.getByTestId('editor-conflict');
    await expect.poll(() => conflict.innerText()).toContain('其他人已修改了此项目');
    await page.screenshot({ path: path.join(SHOTS, 'editing-conflict.png') });

    await conflict.getByRole('button', { name: '载入最新版本' }).click();
    await expect.poll(() => editor(page).getByLabel('标题').inputValue()).toBe('别人改的标题');
    expect(await page.getByTestId('editor-kept').innerText()).toContain('我填写的标题');

    await page.getByTestId('editor-kept').getByRole('button', { name: '用我的内容覆盖' }).click();
    expect(await editor(page).getByLabel('标题').inputValue()).toBe('我填写的标题');
    await editor(page).getByRole('button', { name: '保存' }).click();
    await editor(page).waitFor({ state: 'detached' });
    const stored = (await session.app.inject(`/api/projects/${project.id}`)).json<Feature>();
    expect(stored.properties).toMatchObject({ title: '我填写的标题', version: 3 });
    await page.close();
  });

  it('deletes a project after the user confirms', { timeout: 90_000 }, async () => {
    const project = await projectViaApi(`E2E 删除 ${Date.now()}`);
    const page = await editProject(project.id);
    await editor(page).getByRole('button', { name: '删除项目' }).click();
    expect(await editor(page).getByRole('alertdialog').innerText()).toContain(project.properties.title);
    await editor(page).getByRole('button', { name: '确认删除' }).click();
    await editor(page).waitFor({ state: 'detached' });
    expect((await session.app.inject(`/api/projects/${project.id}`)).statusCode).toBe(404);
    await page.close();
  });
});
