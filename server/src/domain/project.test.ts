import { describe, expect, it } from 'vitest';
import { resolveProject } from './project.js';

const today = '2026-11-24';
const point = { type: 'Point', coordinates: [112.6, 26.9] };

describe('resolveProject', () => {
  it('defaults a new project to reported today', () => {
    const result = resolveProject({ kind: 'drainage', title: ' 下水道堵塞 ' }, point, today);
    expect(result).toMatchObject({ ok: true, record: { status: 'reported', reported_on: today, title: '下水道堵塞', deadline: null } });
  });

  it('gives an assigned project the kind\'s time limit as its deadline', () => {
    expect(resolveProject({ kind: 'drainage', title: 'x', status: 'assigned' }, point, today)).toMatchObject({
      ok: true,
      record: { deadline: '2026-12-14' },
    });
    expect(resolveProject({ kind: 'streetlight', title: 'x', status: 'in_progress' }, point, today)).toMatchObject({
      ok: true,
      record: { deadline: '2026-12-01' },
    });
  });

  it('keeps an explicit deadline', () => {
    expect(resolveProject({ kind: 'drainage', title: 'x', status: 'assigned', deadline: '2026-11-30' }, point, today)).toMatchObject({
      record: { deadline: '2026-11-30' },
    });
  });

  it('dates a completed project today unless told otherwise', () => {
    expect(resolveProject({ kind: 'drainage', title: 'x', status: 'verified' }, point, today)).toMatchObject({
      record: { completed_on: today, verified_on: today },
    });
  });

  it('refuses attributes of another kind and wrong values, naming each', () => {
    const result = resolveProject({ kind: 'charging', title: 'x', attributes: { piles: 1.5 } }, point, today);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.field).toBe('/properties/attributes/piles');
  });

  it('refuses a verification before completion', () => {
    const result = resolveProject(
      { kind: 'drainage', title: 'x', status: 'verified', reported_on: '2026-01-01', completed_on: '2026-03-01', verified_on: '2026-02-01' },
      point,
      today,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(['/properties/verified_on']);
  });
});
