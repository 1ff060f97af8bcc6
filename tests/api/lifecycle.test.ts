import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/src/domain/dates.js';
import { findTransition, TRANSITIONS } from '../../server/src/domain/lifecycle.js';
import { STATUSES, type Status } from '../../server/src/domain/status.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { projectAt, transition } from '../helpers/loop.js';

let app: FastifyInstance;
let planner: TestSession;
let unit: TestSession;
let leader: TestSession;
let unitId: number;

beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
  unit = await loginAs(app, 'unit');
  leader = await loginAs(app, 'leader');
  unitId = unit.unitId!;
});
afterAll(async () => {
  await app?.close();
});

/** What each step needs, so that an allowed step is not refused for a missing field. */
function bodyFor(from: Status, to: Status, version: number): Record<string, unknown> {
  const body: Record<string, unknown> = { to, version };
  if (to === 'assigned') body.unit_id = unitId;
  if (to === 'completed' || to === 'cancelled') body.note = '说明';
  if (from === 'completed' && to === 'verified') body.satisfaction = 4;
  if (from === 'completed' && to === 'in_progress') body.satisfaction = 2;
  return body;
}

async function stored(id: number) {
  const project = await app.db.pool.query('SELECT status, version, unit_id, deadline, completed_on, verified_on, reopen_count FROM projects WHERE id = $1', [id]);
  const history = await app.db.pool.query('SELECT count(*)::int AS n FROM project_history WHERE project_id = $1', [id]);
  return { project: project.rows[0], history: history.rows[0].n as number };
}

async function lastHistory(id: number) {
  const { rows } = await app.db.pool.query(
    'SELECT action, actor, from_status, to_status, note, version FROM project_history WHERE project_id = $1 ORDER BY id DESC LIMIT 1',
    [id],
  );
  return rows[0];
}

const PAIRS = STATUSES.flatMap((from) => STATUSES.map((to) => ({ from, to })));

describe('every step from every status, as the planner', () => {
  it.each(PAIRS)('$from → $to', async ({ from, to }) => {
    const p = await projectAt(planner, from, unitId);
    const before = await stored(p.id);
    const response = await transition(planner, p.id, bodyFor(from, to, p.version));
    const step = findTransition(from, to);
    if (step?.roles.includes('planner')) {
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().properties).toMatchObject({ status: to, version: p.version + 1 });
      expect(await lastHistory(p.id)).toMatchObject({ action: 'transition', actor: 'demo-planner', from_status: from, to_status: to, version: p.version + 1 });
      expect((await stored(p.id)).history).toBe(before.history + 1);
    } else {
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json()).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: from });
      expect(await stored(p.id)).toEqual(before);
    }
  });
});

describe("every step from every status, as the unit on its own project", () => {
  it.each(PAIRS)('$from → $to', async ({ from, to }) => {
    const p = await projectAt(planner, from, unitId);
    // A reported or cancelled-before-assignment project has no unit: not the unit's to see.
    if (from === 'reported' || from === 'cancelled') {
      expect((await transition(unit, p.id, bodyFor(from, to, p.version))).statusCode).toBe(404);
      return;
    }
    const before = await stored(p.id);
    const response = await transition(unit, p.id, bodyFor(from, to, p.version));
    const step = findTransition(from, to);
    const expected = !step ? 409 : step.roles.includes('unit') ? 200 : 403;
    expect(response.statusCode, response.body).toBe(expected);
    if (expected === 200) expect(await lastHistory(p.id)).toMatchObject({ actor: 'demo-unit', from_status: from, to_status: to });
    else expect(await stored(p.id)).toEqual(before);
  });
});

describe('what each step needs', () => {
  const refused = async (from: Status, body: Record<string, unknown>, field: string) => {
    const p = await projectAt(planner, from, unitId);
    const before = await stored(p.id);
    const response = await transition(planner, p.id, { version: p.version, ...body });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await stored(p.id)).toEqual(before);
  };

  it('assigning needs a unit', () => refused('reported', { to: 'assigned' }, '/unit_id'));
  it('assigning to a unit that does not exist is refused', () => refused('reported', { to: 'assigned', unit_id: 987654 }, '/unit_id'));
  it('assigning with a deadline in the past is refused', () => refused('reported', { to: 'assigned', unit_id: 1, deadline: '2020-01-01' }, '/deadline'));
  it('completing needs a note', () => refused('in_progress', { to: 'completed' }, '/note'));
  it('completing with a blank note is refused', () => refused('in_progress', { to: 'completed', note: '   ' }, '/note'));
  it('verifying needs the satisfaction', () => refused('completed', { to: 'verified' }, '/satisfaction'));
  it('verifying with an unsatisfied follow-up is refused', () => refused('completed', { to: 'verified', satisfaction: 2 }, '/satisfaction'));
  it('reopening with a satisfied follow-up is refused', () => refused('completed', { to: 'in_progress', satisfaction: 3 }, '/satisfaction'));
  it('cancelling needs a reason', () => refused('assigned', { to: 'cancelled' }, '/note'));
  it('a field the step does not use is refused', () => refused('assigned', { to: 'in_progress', satisfaction: 5 }, '/satisfaction'));
  it('a satisfaction outside 1–5 is refused', () => refused('completed', { to: 'verified', satisfaction: 6 }, '/satisfaction'));

  it('assigning without a deadline takes the kind’s time limit', async () => {
    const p = await projectAt(planner, 'reported', unitId);
    const response = await transition(planner, p.id, { to: 'assigned', unit_id: unitId });
    expect(response.json().properties).toMatchObject({ unit_id: unitId, deadline: addDays(app.today(), 7), days_left: 7 });
  });

  it('a stale version is a 409 that changes nothing', async () => {
    const p = await projectAt(planner, 'assigned', unitId);
    const before = await stored(p.id);
    const response = await transition(planner, p.id, { to: 'in_progress', version: p.version - 1 });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: p.version });
    expect(await stored(p.id)).toEqual(before);
  });

  it('a leader may take no step at all', async () => {
    const p = await projectAt(planner, 'assigned', unitId);
    const response = await transition(leader, p.id, { to: 'in_progress' });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FORBIDDEN');
  });
});

describe('completion, follow-up and reopening', () => {
  it('completing records the note and the date; the project is no longer overdue', async () => {
    const p = await projectAt(planner, 'in_progress', unitId);
    await app.db.pool.query("UPDATE projects SET deadline = $2, reported_on = $2::date - 30 WHERE id = $1", [p.id, addDays(app.today(), -3)]);
    const overdue = (await unit.inject(`/api/projects/${p.id}`)).json().properties;
    expect(overdue).toMatchObject({ overdue: true, days_overdue: 3 });
    const response = await transition(unit, p.id, { to: 'completed', note: '更换 3 盏 LED 灯' });
    expect(response.json().properties).toMatchObject({ status: 'completed', completed_on: app.today(), completion_note: '更换 3 盏 LED 灯', overdue: false });
  });

  it('an unsatisfied follow-up sends it back to work, counts a reopen and records the follow-up', async () => {
    const p = await projectAt(planner, 'completed', unitId);
    const response = await transition(planner, p.id, { to: 'in_progress', satisfaction: 1, note: '居民反映仍不亮' });
    expect(response.json().properties).toMatchObject({ status: 'in_progress', reopen_count: 1, completed_on: null });
    const { rows } = await app.db.pool.query('SELECT satisfaction, satisfied, note, actor FROM project_follow_ups WHERE project_id = $1', [p.id]);
    expect(rows).toEqual([{ satisfaction: 1, satisfied: false, note: '居民反映仍不亮', actor: 'demo-planner' }]);
    // Round the loop again, this time to residents' satisfaction.
    await transition(unit, p.id, { to: 'completed', note: '更换整套灯具' });
    const verified = await transition(planner, p.id, { to: 'verified', satisfaction: 5 });
    expect(verified.json().properties).toMatchObject({ status: 'verified', reopen_count: 1, verified_on: app.today(), completed_on: app.today() });
  });

  it('history has one row per step, with who, when, from, to and the note', async () => {
    const p = await projectAt(planner, 'verified', unitId);
    const history = (await leader.inject(`/api/projects/${p.id}/history`)).json();
    expect(history.map((h: { action: string; from_status: string | null; to_status: string; actor: string }) => [h.action, h.from_status, h.to_status, h.actor])).toEqual([
      ['create', null, 'reported', 'demo-planner'],
      ['transition', 'reported', 'assigned', 'demo-planner'],
      ['transition', 'assigned', 'in_progress', 'demo-planner'],
      ['transition', 'in_progress', 'completed', 'demo-planner'],
      ['transition', 'completed', 'verified', 'demo-planner'],
    ]);
    expect(history[3].note).toBe('已更换灯泡');
    expect(history.every((h: { at: string }) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
  });
});

describe('escalation (督办)', () => {
  it('the unit sees its overdue projects first, most overdue first', async () => {
    const late = await projectAt(planner, 'assigned', unitId, '督办测试·逾期 9 天');
    const later = await projectAt(planner, 'in_progress', unitId, '督办测试·逾期 2 天');
    for (const [id, days] of [[late.id, 9], [later.id, 2]] as const) {
      await app.db.pool.query('UPDATE projects SET reported_on = $2::date - 40, deadline = $2 WHERE id = $1', [id, addDays(app.today(), -days)]);
    }
    const tasks = (await unit.inject('/api/tasks')).json().features as { id: number; properties: { overdue: boolean; days_overdue: number | null; unit_id: number } }[];
    expect(tasks.every((f) => f.properties.unit_id === unitId)).toBe(true);
    const overdue = tasks.filter((f) => f.properties.overdue);
    expect(tasks.slice(0, overdue.length)).toEqual(overdue);
    const days = overdue.map((f) => f.properties.days_overdue!);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(overdue.map((f) => f.id)).toEqual(expect.arrayContaining([late.id, later.id]));
    const onlyOverdue = (await leader.inject('/api/tasks?overdue=true')).json().features as { properties: { overdue: boolean } }[];
    expect(onlyOverdue.length).toBeGreaterThan(0);
    expect(onlyOverdue.every((f) => f.properties.overdue)).toBe(true);
  });
});

it('the machine has the steps the issue names and no others', () => {
  expect(TRANSITIONS.map((t) => `${t.from}→${t.to}`).sort()).toEqual(
    [
      'reported→assigned',
      'assigned→in_progress',
      'in_progress→completed',
      'completed→verified',
      'completed→in_progress',
      'reported→cancelled',
      'assigned→cancelled',
      'in_progress→cancelled',
    ].sort(),
  );
});
