import { describe, expect, it } from 'vitest';
import { findTransition, stepsFromReported } from './lifecycle.js';
import { STATUSES, type Status } from './status.js';

describe('the steps of the loop a ledger status stands for', () => {
  it('goes the loop’s own way from reported', () => {
    expect(stepsFromReported('reported')).toEqual([]);
    expect(stepsFromReported('assigned')).toEqual(['assigned']);
    expect(stepsFromReported('completed')).toEqual(['assigned', 'in_progress', 'completed']);
    expect(stepsFromReported('verified')).toEqual(['assigned', 'in_progress', 'completed', 'verified']);
    expect(stepsFromReported('cancelled')).toEqual(['cancelled']);
  });

  it('takes only steps the transition table has', () => {
    for (const status of STATUSES) {
      const path: Status[] = ['reported', ...stepsFromReported(status)];
      for (let i = 1; i < path.length; i++) expect(findTransition(path[i - 1]!, path[i]!)).toBeDefined();
    }
  });
});
