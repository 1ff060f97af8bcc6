import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asOfDate, isoWeekOf, lastFullWeek, mondayOf, parseIsoWeek, weeksEndingWith, weeksInYear } from './dashboard.js';
import { addDays } from './dates.js';

describe('ISO weeks', () => {
  it.each([
    ['2026-01-01', '2026-W01'], // a Thursday: week 1 is the week holding it
    ['2025-12-29', '2026-W01'], // the Monday of that week, still in December
    ['2021-01-03', '2020-W53'], // a Sunday in January that belongs to last year's week 53
    ['2024-12-30', '2025-W01'],
    ['2026-11-16', '2026-W47'],
    ['2026-11-22', '2026-W47'],
    ['2026-11-23', '2026-W48'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('knows which years have 53 weeks', () => {
    expect([2015, 2020, 2026, 2032].map(weeksInYear)).toEqual([53, 53, 53, 53]);
    expect([2021, 2024, 2025, 2027].map(weeksInYear)).toEqual([52, 52, 52, 52]);
  });

  it('reads a week as its Monday and Sunday, and refuses weeks that do not exist', () => {
    expect(parseIsoWeek('2026-W47')).toEqual({ week: '2026-W47', start: '2026-11-16', end: '2026-11-22' });
    expect(parseIsoWeek('2026-W53')).toEqual({ week: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
    for (const bad of ['2025-W53', '2026-W00', '2026-W54', '2026-W7', '2026W47', '2026-w47', ' 2026-W47', '2026-11-16']) expect(parseIsoWeek(bad), bad).toBeUndefined();
  });

  it('round-trips any date through its week', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const date = d.toISOString().slice(0, 10);
        const week = parseIsoWeek(isoWeekOf(date))!;
        expect(week.start <= date && date <= week.end).toBe(true);
        expect(week.start).toBe(mondayOf(date));
        expect(new Date(`${week.start}T00:00:00Z`).getUTCDay()).toBe(1);
      }),
      { numRuns: 500, seed: 20_261_125 },
    );
  });

  it('lists the weeks of a trend, oldest first, ending with the week of today', () => {
    const weeks = weeksEndingWith('2026-01-02', 3);
    expect(weeks.map((w) => w.week)).toEqual(['2025-W51', '2025-W52', '2026-W01']);
    expect(weeks.map((w) => w.start)).toEqual(['2025-12-15', '2025-12-22', '2025-12-29']);
    expect(lastFullWeek('2026-11-23')).toMatchObject({ week: '2026-W47' });
    expect(lastFullWeek('2026-11-22')).toMatchObject({ week: '2026-W46' });
  });

  it('counts "at week end" to Sunday, or to today while the week is running', () => {
    const week = parseIsoWeek('2026-W47')!;
    expect(asOfDate(week, '2026-11-30')).toBe('2026-11-22');
    expect(asOfDate(week, '2026-11-18')).toBe('2026-11-18');
    expect(asOfDate(week, addDays(week.end, 1))).toBe(week.end);
  });
});
