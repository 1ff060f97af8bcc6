import { describe, expect, it } from 'vitest';
import { findTransition } from '../../../../server/src/domain/lifecycle.js';
import type { ProjectFeature } from '../../api/types.js';
import { fieldsFor, initialDraft, satisfactionChoices, transitionRequest } from './transitionDraft.js';

const step = (from: Parameters<typeof findTransition>[0], to: Parameters<typeof findTransition>[1]) => findTransition(from, to)!;

function project(properties: Partial<ProjectFeature['properties']>): ProjectFeature {
  return { type: 'Feature', id: 1, geometry: { type: 'Point', coordinates: [0, 0] }, properties: { kind: 'streetlight', unit_id: null, deadline: null, version: 3, ...properties } } as ProjectFeature;
}

describe('the form of a step of the loop', () => {
  it('asks an assignment for a unit and a deadline, defaulting to the kind’s time limit from today', () => {
    const assign = step('reported', 'assigned');
    expect(fieldsFor(assign)).toMatchObject({ unit: true, deadline: true, satisfaction: false, noteRequired: false });
    // A streetlight's time limit is 7 days.
    expect(initialDraft(assign, project({}), '2025-03-10')).toMatchObject({ unit_id: '', deadline: '2025-03-17' });
    expect(initialDraft(assign, project({ unit_id: 4, deadline: '2025-04-01' }), '2025-03-10')).toMatchObject({ unit_id: '4', deadline: '2025-04-01' });
    // A deadline already past is not offered again: the server would refuse it.
    expect(initialDraft(assign, project({ deadline: '2025-03-01' }), '2025-03-10').deadline).toBe('2025-03-17');
  });

  it('refuses to send an assignment without a unit, and sends one with the project’s version', () => {
    const assign = step('reported', 'assigned');
    expect(transitionRequest(assign, { unit_id: '', deadline: '2025-03-17', note: '', satisfaction: '' }, 3)).toEqual({
      ok: false,
      problems: [{ field: '/unit_id', rule: 'required' }],
    });
    expect(transitionRequest(assign, { unit_id: '4', deadline: '2025-03-17', note: ' ', satisfaction: '' }, 3)).toEqual({
      ok: true,
      request: { to: 'assigned', version: 3, unit_id: 4, deadline: '2025-03-17' },
    });
  });

  it('needs a note, not just spaces, to complete or cancel', () => {
    for (const t of [step('in_progress', 'completed'), step('reported', 'cancelled')]) {
      expect(transitionRequest(t, { unit_id: '', deadline: '', note: '', satisfaction: '' }, 1)).toMatchObject({ ok: false, problems: [{ field: '/note', rule: 'required' }] });
      expect(transitionRequest(t, { unit_id: '', deadline: '', note: '   ', satisfaction: '' }, 1)).toMatchObject({ ok: false, problems: [{ field: '/note', rule: 'blank' }] });
      expect(transitionRequest(t, { unit_id: '', deadline: '', note: ' 换了灯 ', satisfaction: '' }, 1)).toEqual({ ok: true, request: { to: t.to, version: 1, note: '换了灯' } });
    }
  });

  it('offers a verification only the scores that verify, and a reopening only those that reopen', () => {
    const verify = step('completed', 'verified');
    const reopen = step('completed', 'in_progress');
    expect(satisfactionChoices(verify)).toEqual([5, 4, 3]);
    expect(satisfactionChoices(reopen)).toEqual([1, 2]);
    expect(transitionRequest(verify, { unit_id: '', deadline: '', note: '', satisfaction: '2' }, 5)).toMatchObject({ ok: false, problems: [{ field: '/satisfaction' }] });
    expect(transitionRequest(verify, { unit_id: '', deadline: '', note: '', satisfaction: '4' }, 5)).toEqual({ ok: true, request: { to: 'verified', version: 5, satisfaction: 4 } });
  });

  it('sends nothing but the status and version to start work', () => {
    const start = step('assigned', 'in_progress');
    expect(fieldsFor(start)).toEqual({ unit: false, deadline: false, satisfaction: false, noteRequired: false });
    expect(transitionRequest(start, initialDraft(start, project({ unit_id: 4, deadline: '2025-04-01' }), '2025-03-10'), 2)).toEqual({
      ok: true,
      request: { to: 'in_progress', version: 2 },
    });
  });
});
