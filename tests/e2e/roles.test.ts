import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PASSWORD } from '../../server/src/config.js';
import type { Role } from '../../server/src/domain/roles.js';
import { DEMO_USERNAME, loginAs, type TestSession } from '../helpers/auth.js';
import { SHOTS, useE2eSession, waitForDrawn } from '../helpers/e2e.js';
import { logInPage } from '../helpers/e2eLogin.js';
import { projectAt, transition, type ProjectRef } from '../helpers/loop.js';

const session = useE2eSession();

let planner: TestSession;
/** The demo unit user's own unit: the projects it may work on. */
let demoUnitId: number;
let reported: ProjectRef;
let assigned: ProjectRef;

beforeAll(async () => {
  if (session.skipped) return;
  planner = await loginAs(session.app, 'planner');
  demoUnitId = (await loginAs(session.app, 'unit')).unitId!;
  reported = await projectAt(planner, 'reported', demoUnitId, `E2E 角色 已上报 ${Date.now()}`);
  assigned = await projectAt(planner, 'assigned', demoUnitId, `E2E 角色 已交办 ${Date.now()}`);
});

const DESKTOP = { width: 1440, height: 900 };
/** A round trip to the server and a re-render: seconds when the machine is busy, not the poll's default second. */
const WAIT = { timeout: 15_000 };

/** A fresh browser context, logged in as a role (or the public), on the map with a project open. */
async function openAs(role: Role | 'public', query: string, viewport = DESKTOP): Promise<Page> {
  const page = await session.browser.newPage({ viewport, locale: 'zh-CN' });
  if (role !== 'public') await logInPage(page, session.baseUrl, role);
  await page.goto(`${session.baseUrl}/${query}`);
  await waitForDrawn(page);
  return page;
}

const panel = (page: Page) => page.getByTestId('project-panel');
const statusOf = (page: Page) => panel(page).locator('.status').innerText();

/** The panel has the project and its photos and history have answered: what is absent now stays absent. */
async function panelSettled(page: Page, title: string): Promise<void> {
  await expect.poll(() => panel(page).locator('h2').innerText(), WAIT).toBe(title);
  await page.getByTestId('history').waitFor();
  await page.waitForLoadState('networkidle');
}

async function visible(page: Page, testId: string): Promise<boolean> {
  return (await page.getByTestId(testId).count()) > 0 && page.getByTestId(testId).first().isVisible();
}

/** Which of the role-dependent controls a page shows. */
async function controls(page: Page) {
  const has = (id: string) => visible(page, id);
  return {
    newProject: await has('new-project'),
    edit: await has('edit-project'),
    loopActions: await has('loop-actions'),
    photoUpload: await has('open-photo-upload'),
    privateFields: await has('private-fields'),
    dashboard: await has('open-dashboard'),
    login: await has('login'),
    userMenu: await has('user-menu-button'),
  };
}

async function transitionButtons(page: Page): Promise<string[]> {
  return page.locator('[data-testid^=transition-]:not([data-testid=transition-form]):not([data-testid=transition-submit])').evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-testid')!.slice('transition-'.length)),
  );
}

/** The admin entry lives in the user menu. */
async function menuOffersAdmin(page: Page): Promise<boolean> {
  if (!(await visible(page, 'user-menu-button'))) return false;
  await page.getByTestId('user-menu-button').click();
  await page.getByTestId('user-menu').waitFor();
  const offered = await page.getByTestId('open-admin').isVisible();
  await page.keyboard.press('Escape');
  return offered;
}

describe.skipIf(session.skipped)('what each role sees', () => {
  it('the public: the map and the record, no controls, no private fields', { timeout: 90_000 }, async () => {
    const page = await openAs('public', `?sel=${assigned.id}`);
    await panelSettled(page, (await titleOf(assigned.id))!);
    expect(await controls(page)).toEqual({
      newProject: false,
      edit: false,
      loopActions: false,
      photoUpload: false,
      privateFields: false,
      dashboard: false,
      login: true,
      userMenu: false,
    });
    // The history shows the steps, but not who took them.
    expect(await page.getByTestId('history').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('history-actor').count()).toBe(0);
    await page.close();
  });

  it('a planner: creates, edits, takes the loop’s steps, uploads; no administration', { timeout: 90_000 }, async () => {
    const page = await openAs('planner', `?sel=${reported.id}`);
    await panelSettled(page, (await titleOf(reported.id))!);
    expect(await controls(page)).toEqual({
      newProject: true,
      edit: true,
      loopActions: true,
      photoUpload: true,
      privateFields: true,
      dashboard: true,
      login: false,
      userMenu: true,
    });
    expect(await transitionButtons(page)).toEqual(['assigned', 'cancelled']);
    expect(await page.getByTestId('history-actor').first().innerText()).toContain('demo-planner');
    expect(await menuOffersAdmin(page)).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'roles-planner.png') });
    await page.close();
  });

  it('a responsible unit: its tasks, starting and completing its work, photos; no editing', { timeout: 90_000 }, async () => {
    const page = await openAs('unit', `?sel=${assigned.id}`);
    await panelSettled(page, (await titleOf(assigned.id))!);
    expect(await controls(page)).toEqual({
      newProject: false,
      edit: false,
      loopActions: true,
      photoUpload: true,
      privateFields: true,
      dashboard: false,
      login: false,
      userMenu: true,
    });
    expect(await transitionButtons(page)).toEqual(['in_progress']);
    expect(await menuOffersAdmin(page)).toBe(false);
    // Its tasks: open work of its own unit only, the overdue first with the 督办 badge.
    const tasks = page.getByTestId('my-tasks');
    await expect.poll(() => tasks.getByTestId('task-item').count(), WAIT).toBeGreaterThan(0);
    expect(await tasks.locator(`[data-id="${assigned.id}"]`).count()).toBe(1);
    const flags = await tasks.getByTestId('task-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-overdue') === 'true'));
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    if (flags[0]) expect(await tasks.getByTestId('task-item').first().innerText()).toMatch(/督办[\s\S]*逾期 \d+ 天/);
    await page.screenshot({ path: path.join(SHOTS, 'roles-unit.png') });
    await page.close();
  });

  it('a leader: reads everything, the dashboard too; no control that changes anything', { timeout: 90_000 }, async () => {
    const page = await openAs('leader', `?sel=${assigned.id}`);
    await panelSettled(page, (await titleOf(assigned.id))!);
    expect(await controls(page)).toEqual({
      newProject: false,
      edit: false,
      loopActions: false,
      photoUpload: false,
      privateFields: true,
      dashboard: true,
      login: false,
      userMenu: true,
    });
    expect(await menuOffersAdmin(page)).toBe(false);
    // In English the role and the panel's sections follow.
    await page.getByTestId('switch-language').click();
    await expect.poll(() => page.getByTestId('user-menu-button').innerText(), WAIT).toContain('Leader');
    expect(await page.getByTestId('private-fields').innerText()).toContain('Internal (not shown to the public)');
    await page.screenshot({ path: path.join(SHOTS, 'roles-leader-english.png') });
    await page.close();
  });

  it('an administrator: users and units; no project editing', { timeout: 90_000 }, async () => {
    const page = await openAs('admin', `?sel=${assigned.id}`);
    await panelSettled(page, (await titleOf(assigned.id))!);
    expect(await controls(page)).toEqual({
      newProject: false,
      edit: false,
      loopActions: false,
      photoUpload: false,
      privateFields: true,
      dashboard: true,
      login: false,
      userMenu: true,
    });
    expect(await menuOffersAdmin(page)).toBe(true);
    await page.close();
  });
});

describe.skipIf(session.skipped)('logging in', () => {
  it('offers the demo accounts, says why a login is refused, and logs in and out', { timeout: 90_000 }, async () => {
    const page = await openAs('public', `?sel=${assigned.id}`);
    await page.getByTestId('login').click();
    const dialog = page.getByTestId('login-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('demo-accounts').locator('button').count(), WAIT).toBe(4);
    expect(await dialog.getByTestId('demo-accounts').innerText()).toContain(`密码:${DEFAULT_DEMO_PASSWORD}`);

    await dialog.getByRole('button', { name: '登录', exact: true }).click();
    expect(await dialog.locator('.login-error').allInnerTexts()).toEqual(['请填写用户名', '请填写密码']);
    await dialog.getByLabel('用户名').fill('no-such-user');
    await dialog.getByLabel('密码').fill('wrong password');
    await dialog.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => dialog.getByTestId('login-error').innerText(), WAIT).toBe('用户名或密码错误。');
    await page.screenshot({ path: path.join(SHOTS, 'roles-login-refused.png') });

    await dialog.locator('[data-username=demo-unit]').click();
    expect(await dialog.getByLabel('用户名').inputValue()).toBe('demo-unit');
    expect(await dialog.getByLabel('密码').inputValue()).toBe(DEFAULT_DEMO_PASSWORD);
    await dialog.getByRole('button', { name: '登录', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    // Logged in without a reload: the open project shows its private side and the unit's next step.
    await page.getByTestId('private-fields').waitFor();
    expect(await transitionButtons(page)).toEqual(['in_progress']);
    await page.getByTestId('user-menu-button').click();
    const menu = page.getByTestId('user-menu');
    expect(await menu.innerText()).toContain('演示·责任单位');
    expect(await menu.getByTestId('user-role').innerText()).toContain('责任单位');
    expect(await menu.innerText()).toMatch(/所属单位:\S+/);
    await page.screenshot({ path: path.join(SHOTS, 'roles-user-menu.png') });

    await menu.getByTestId('logout').click();
    await page.getByTestId('login').waitFor();
    await page.getByTestId('private-fields').waitFor({ state: 'detached' });
    expect(await page.getByTestId('loop-actions').count()).toBe(0);
    expect((await page.request.get(`${session.baseUrl}/api/me`)).status()).toBe(401);
    await page.close();
  });

  it('after too many failed attempts says how long to wait', { timeout: 60_000 }, async () => {
    const page = await openAs('public', '');
    const username = `e2e-locked-${Date.now()}`;
    for (let i = 0; i < 5; i++) {
      const r = await page.request.post(`${session.baseUrl}/api/auth/login`, { data: { username, password: 'wrong password' } });
      expect(r.status()).toBe(401);
    }
    await page.getByTestId('login').click();
    const dialog = page.getByTestId('login-dialog');
    await dialog.getByLabel('用户名').fill(username);
    await dialog.getByLabel('密码').fill('wrong password');
    await dialog.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => dialog.getByTestId('login-error').innerText(), WAIT).toMatch(/^登录失败次数过多,请 1[45] 分钟后再试。$/);
    await page.close();
  });
});

describe.skipIf(session.skipped)('the loop in the browser', () => {
  it('planner assigns, unit starts and completes with a note and photo, planner verifies; the history names each actor', { timeout: 240_000 }, async () => {
    const title = `E2E 整条流程 ${Date.now()}`;
    const project = await projectAt(planner, 'reported', demoUnitId, title);
    const page = await openAs('public', `?sel=${project.id}`);
    await panelSettled(page, title);

    // The planner logs in through the dialog and assigns it to the demo unit.
    await logInThroughDialog(page, 'planner');
    await panel(page).getByTestId('transition-assigned').click();
    const form = page.getByTestId('transition-form');
    // The deadline defaults to the kind's time limit (a streetlight: 7 days).
    expect(await form.getByLabel('完成时限').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await form.innerText()).toContain('7 天');
    await form.getByLabel('责任单位').selectOption(String(demoUnitId));
    await page.screenshot({ path: path.join(SHOTS, 'roles-assign-form.png') });
    await form.getByTestId('transition-submit').click();
    await expect.poll(() => statusOf(page), WAIT).toBe('已交办');
    expect(await page.getByTestId('loop-notice').innerText()).toBe('已交办。');

    // The unit: starts the work, then completes it with a note and an after-photo.
    await switchUser(page, 'unit');
    await panelSettled(page, title);
    // The unit's task list is asked for once the login lands; on a busy machine it can arrive after the network went quiet.
    await expect.poll(() => page.getByTestId('my-tasks').locator(`[data-id="${project.id}"]`).count(), WAIT).toBe(1);
    await panel(page).getByTestId('transition-in_progress').click();
    await page.getByTestId('transition-form').getByTestId('transition-submit').click();
    await expect.poll(() => statusOf(page), WAIT).toBe('整改中');

    await panel(page).getByTestId('transition-completed').click();
    const complete = page.getByTestId('transition-form');
    await complete.getByTestId('transition-submit').click();
    await expect.poll(() => complete.locator('.editor-error[data-field="step.note"]').innerText(), WAIT).toContain('必填');
    await complete.getByLabel('整改后照片(选填)').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
    await complete.getByLabel('整改情况说明').fill('更换 LED 灯 2 盏,已通电试亮');
    await complete.getByTestId('transition-submit').click();
    await expect.poll(() => complete.locator('.editor-error[data-field="step.photo"]').innerText(), WAIT).toContain('JPEG、PNG 或 WebP');
    await page.screenshot({ path: path.join(SHOTS, 'roles-complete-errors.png') });
    const photo = await page.screenshot({ type: 'jpeg', quality: 60, clip: { x: 600, y: 300, width: 320, height: 240 } });
    await complete.getByLabel('整改后照片(选填)').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: photo });
    await complete.getByTestId('transition-submit').click();
    await expect.poll(() => statusOf(page), WAIT).toBe('已完成');
    await expect.poll(() => page.getByTestId('photos').locator('img').count(), WAIT).toBe(1);
    expect(await page.getByTestId('photos').innerText()).toContain('整改后');
    expect(await panel(page).innerText()).toContain('更换 LED 灯 2 盏,已通电试亮');

    // The planner goes back to the residents: satisfied (4), verified.
    await switchUser(page, 'planner');
    await panelSettled(page, title);
    await panel(page).getByTestId('transition-verified').click();
    const verify = page.getByTestId('transition-form');
    expect(await verify.getByRole('radio').count()).toBe(3);
    await verify.getByLabel('4 · 满意').check();
    await verify.getByLabel('回访记录(选填)').fill('回访 3 户居民,均反映路灯已亮');
    await verify.getByTestId('transition-submit').click();
    await expect.poll(() => statusOf(page), WAIT).toBe('已回访销号');

    const transitions = page.getByTestId('history').locator('li[data-action=transition]');
    await expect.poll(() => transitions.count(), WAIT).toBe(4);
    const steps = await transitions.evaluateAll((items) =>
      items.map((li) => ({ to: li.getAttribute('data-to'), who: li.querySelector('[data-testid=history-actor]')?.textContent ?? '' })),
    );
    expect(steps.reverse()).toEqual([
      { to: 'assigned', who: '经办:demo-planner' },
      { to: 'in_progress', who: '经办:demo-unit' },
      { to: 'completed', who: '经办:demo-unit' },
      { to: 'verified', who: '经办:demo-planner' },
    ]);
    expect(await page.getByTestId('history').innerText()).toContain('群众满意度:4 分(满意)');
    await panel(page).getByTestId('history').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'roles-loop-history.png') });
    await page.close();
  });

  it('tells the planner someone else changed the project, and shows the latest', { timeout: 90_000 }, async () => {
    const project = await projectAt(planner, 'reported', demoUnitId, `E2E 冲突流程 ${Date.now()}`);
    const page = await openAs('planner', `?sel=${project.id}`);
    await panel(page).getByTestId('transition-cancelled').click();
    await page.getByTestId('transition-form').getByLabel('撤销原因').fill('重复上报');
    const elsewhere = await transition(planner, project.id, { to: 'assigned', unit_id: demoUnitId, version: project.version });
    expect(elsewhere.statusCode).toBe(200);
    await page.getByTestId('transition-form').getByTestId('transition-submit').click();
    await expect.poll(() => page.getByTestId('loop-notice').innerText(), WAIT).toContain('此项目刚被其他人修改');
    await expect.poll(() => statusOf(page), WAIT).toBe('已交办');
    expect(await transitionButtons(page)).toEqual(['in_progress', 'cancelled']);
    await page.close();
  });

  it('a phone shows the unit its steps and photos in the bottom sheet', { timeout: 90_000 }, async () => {
    const project = await projectAt(planner, 'in_progress', demoUnitId, `E2E 手机 ${Date.now()}`);
    const page = await openAs('unit', `?sel=${project.id}`, { width: 390, height: 844 });
    await panel(page).getByTestId('transition-completed').waitFor();
    await page.getByTestId('open-photo-upload').click();
    await page.getByTestId('photo-upload').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'roles-unit-phone.png') });
    await page.close();
  });
});

describe.skipIf(session.skipped)('the administration page', () => {
  it('creates a unit user, resets a password, disables it, and adds and renames a unit', { timeout: 120_000 }, async () => {
    const page = await openAs('admin', '');
    await page.getByTestId('user-menu-button').click();
    await page.getByTestId('open-admin').click();
    const admin = page.getByTestId('admin-page');
    // The page opens on the first-day checklist; the users are one tab over.
    await admin.getByTestId('onboarding').waitFor();
    await admin.getByTestId('admin-tab-users').click();
    await admin.getByTestId('admin-users').waitFor();
    for (const role of ['admin', 'planner', 'unit', 'leader'] as const) {
      expect(await admin.locator(`tr[data-username="${DEMO_USERNAME[role]}"]`).count()).toBe(1);
    }

    const username = `e2e-unit-${Date.now()}`;
    await admin.getByTestId('add-user').click();
    const create = admin.getByTestId('create-user');
    await create.getByLabel('用户名').fill(username);
    await create.getByLabel('姓名或名称').fill('测试·街道办');
    await create.getByLabel('初始密码').fill('short');
    await create.getByLabel('角色').selectOption('unit');
    // A unit user without a unit, and a weak password: both said beside their fields.
    await create.getByRole('button', { name: '创建用户' }).click();
    await expect.poll(() => create.locator('.editor-error').count(), WAIT).toBe(1);
    await create.getByLabel('所属责任单位').selectOption(String(demoUnitId));
    await create.getByRole('button', { name: '创建用户' }).click();
    await expect.poll(() => create.locator('.editor-error').innerText(), WAIT).toContain('至少 8 个字符');
    await page.screenshot({ path: path.join(SHOTS, 'roles-admin-create-user.png') });
    await create.getByLabel('初始密码').fill('a long enough password');
    await create.getByRole('button', { name: '创建用户' }).click();
    const row = admin.locator(`tr[data-username="${username}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('责任单位');

    // The new user can log in; a password reset and disabling end that.
    const other = await session.browser.newPage();
    expect((await other.request.post(`${session.baseUrl}/api/auth/login`, { data: { username, password: 'a long enough password' } })).status()).toBe(200);
    await other.close();
    await row.getByTestId('reset-password-open').click();
    await admin.getByTestId('reset-password').getByLabel('新密码').fill('another long password');
    await admin.getByTestId('reset-password').getByRole('button', { name: '重置密码' }).click();
    await expect.poll(() => admin.getByRole('status').innerText(), WAIT).toContain('密码已重置');
    await row.getByTestId('toggle-user').click();
    await expect.poll(() => row.getAttribute('data-disabled'), WAIT).toBe('true');
    // Asked from another context: a login from this page would replace the administrator's session.
    const stranger = await session.browser.newPage();
    expect((await stranger.request.post(`${session.baseUrl}/api/auth/login`, { data: { username, password: 'another long password' } })).status()).toBe(401);
    await stranger.close();

    // An administrator cannot lock herself out.
    await admin.locator('tr[data-username="demo-admin"]').getByTestId('toggle-user').click();
    await expect.poll(() => admin.locator('tr[data-username="demo-admin"] [role=alert]').innerText(), WAIT).toContain('不能停用自己');
    await page.screenshot({ path: path.join(SHOTS, 'roles-admin-users.png') });

    await admin.getByTestId('admin-tab-units').click();
    const name = `E2E 测试单位 ${Date.now()}`;
    await admin.getByTestId('add-unit').click();
    await admin.getByTestId('create-unit').getByLabel(/^名称/).fill(name);
    await admin.getByTestId('create-unit').getByRole('button', { name: '新增' }).click();
    const unitRow = admin.locator(`tr[data-unit="${name}"]`);
    await unitRow.waitFor();
    await unitRow.getByRole('button', { name: '修改' }).click();
    await admin.getByTestId('rename-unit').getByLabel(/^名称/).fill(`${name} 改名`);
    await admin.getByTestId('rename-unit').getByRole('button', { name: '保存' }).click();
    await admin.locator(`tr[data-unit="${name} 改名"]`).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'roles-admin-units.png') });
    await page.close();
  });
});

async function titleOf(id: number): Promise<string | undefined> {
  return (await session.app.inject(`/api/projects/${id}`)).json<{ properties: { title: string } }>().properties.title;
}

async function logInThroughDialog(page: Page, role: Role): Promise<void> {
  await page.getByTestId('login').click();
  const dialog = page.getByTestId('login-dialog');
  await dialog.locator(`[data-username="${DEMO_USERNAME[role]}"]`).click();
  await dialog.getByRole('button', { name: '登录', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('user-menu-button').waitFor();
}

/** Logs out through the user menu, and in again as another role through the dialog. */
async function switchUser(page: Page, role: Role): Promise<void> {
  await page.getByTestId('user-menu-button').click();
  await page.getByTestId('logout').click();
  await page.getByTestId('login').waitFor();
  await logInThroughDialog(page, role);
}
