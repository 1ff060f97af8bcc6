import { describe, expect, it } from 'vitest';
import { resolveProject } from './project.js';

const today = '2026-11-24';
const point = { type: 'Point', coordinates: [112.6, 26.9] };

describe('resolveProject', () => {
  it('defaults a new project to reported today', () => {
    const result = resolveProject({ kind: 'drainage', title: ' 下水道堵塞 ' }, point, today);
    expect(result).toMatchObject({ ok: true, record: { status: 'reported', reported_on: today, title: '下水道堵塞', deadline: null } });
  });

  const assigned = { status: 'assigned', completed_on: null, verified_on: null } as const;

  it('gives an assigned project the kind\'s time limit as its deadline when an edit clears it', () => {
    expect(resolveProject({ kind: 'drainage', title: 'x' }, point, today, assigned)).toMatchObject({
      ok: true,
      record: { deadline: '2026-12-14' },
    });
    expect(resolveProject({ kind: 'streetlight', title: 'x' }, point, today, { ...assigned, status: 'in_progress' })).toMatchObject({
      ok: true,
      record: { deadline: '2026-12-01' },
    });
  });

  it('keeps an explicit deadline', () => {
    expect(resolveProject({ kind: 'drainage', title: 'x', deadline: '2026-11-30' }, point, today, assigned)).toMatchObject({
      record: { deadline: '2026-11-30' },
    });
  });

  it('carries the loop state through an edit unchanged', () => {
    const verified = { status: 'verified', completed_on: '2026-11-01', verified_on: '2026-11-03' } as const;
    expect(resolveProject({ kind: 'drainage', title: 'x', reported_on: '2026-10-01' }, point, today, verified)).toMatchObject({
      record: verified,
    });
  });

  it('has no way to set the status by an edit', () => {
    // @ts-expect-error status is not an input: it changes through transitions
    const result = resolveProject({ kind: 'drainage', title: 'x', status: 'verified' }, point, today);
    expect(result).toMatchObject({ ok: true, record: { status: 'reported', completed_on: null } });
  });

  it('refuses attributes of another kind and wrong values, naming each', () => {
    const result = resolveProject({ kind: 'charging', title: 'x', attributes: { piles: 1.5 } }, point, today);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.field).toBe('/properties/attributes/piles');
  });

  it('refuses a verification before completion', () => {
    const result = resolveProject({ kind: 'drainage', title: 'x', reported_on: '2026-01-01' }, point, today, {
      status: 'verified',
      completed_on: '2026-03-01',
      verified_on: '2026-02-01',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(['/properties/verified_on']);
  });
});
