import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate, todayIn } from './dates.js';

describe('dates', () => {
  it('finds today in the districts\' time zone, not the server\'s', () => {
    // 2026-11-24 20:00 UTC is already the 25th in China.
    expect(todayIn('Asia/Shanghai', new Date('2026-11-24T20:00:00Z'))).toBe('2026-11-25');
    expect(todayIn('UTC', new Date('2026-11-24T20:00:00Z'))).toBe('2026-11-24');
  });
  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2024-02-27', 2)).toBe('2024-02-29');
  });
  it('counts days between dates', () => {
    expect(daysBetween('2026-11-24', '2026-12-01')).toBe(7);
    expect(daysBetween('2026-12-01', '2026-11-24')).toBe(-7);
  });
  it('refuses impossible dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-1-5')).toBe(false);
  });
});
