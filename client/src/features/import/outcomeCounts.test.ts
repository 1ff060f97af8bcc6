import { describe, expect, it } from 'vitest';
import { rowsToWrite, valueText } from './outcomeCounts.js';

describe('what a commit writes', () => {
  it('counts new, changed and unplaced rows, not unchanged, conflicting or rejected ones', () => {
    expect(rowsToWrite({ create: 3, update: 2, unchanged: 10, conflict: 1, rejected: 4, unplaced: 5 })).toBe(10);
    expect(rowsToWrite({ create: 0, update: 0, unchanged: 10, conflict: 1, rejected: 4, unplaced: 0 })).toBe(0);
  });
});

describe('a changed value in the preview', () => {
  it('says blanks as blank and shows structures as JSON', () => {
    expect(valueText(null, '(空)')).toBe('(空)');
    expect(valueText('', '(空)')).toBe('(空)');
    expect(valueText(12, '(空)')).toBe('12');
    expect(valueText({ piles: 4 }, '(空)')).toBe('{"piles":4}');
  });
});
