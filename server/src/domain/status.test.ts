import { describe, expect, it } from 'vitest';
import { deadlineStanding, isOverdue } from './status.js';

describe('overdue', () => {
  const today = '2026-11-24';
  it('is an open project past its deadline', () => {
    expect(isOverdue({ status: 'in_progress', deadline: '2026-11-23' }, today)).toBe(true);
    expect(isOverdue({ status: 'reported', deadline: '2026-11-01' }, today)).toBe(true);
  });
  it('is not the deadline day itself', () => {
    expect(isOverdue({ status: 'assigned', deadline: today }, today)).toBe(false);
  });
  it('is never a completed, verified or cancelled project, nor one without a deadline', () => {
    for (const status of ['completed', 'verified', 'cancelled'] as const) {
      expect(isOverdue({ status, deadline: '2020-01-01' }, today)).toBe(false);
    }
    expect(isOverdue({ status: 'assigned', deadline: null }, today)).toBe(false);
  });
  it('counts the days overdue or left', () => {
    expect(deadlineStanding({ status: 'assigned', deadline: '2026-11-20' }, today)).toEqual({ overdue: true, days_overdue: 4, days_left: null });
    expect(deadlineStanding({ status: 'assigned', deadline: '2026-12-01' }, today)).toEqual({ overdue: false, days_overdue: null, days_left: 7 });
    expect(deadlineStanding({ status: 'completed', deadline: '2026-11-01' }, today)).toEqual({ overdue: false, days_overdue: null, days_left: null });
  });
});
