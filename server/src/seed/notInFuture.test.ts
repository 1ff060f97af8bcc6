import { describe, expect, it } from 'vitest';
import { chinaTimestamp, notAfter, recordNotAfter } from './notInFuture.js';

// 00:30 on 10 March in China: the day's office hours are still ahead.
const LATEST = new Date('2026-03-09T16:30:00Z');

describe('demo times loaded on the day itself', () => {
  it('writes an instant on China time', () => {
    expect(chinaTimestamp(LATEST.getTime())).toBe('2026-03-10T00:30:00+08:00');
  });

  it('moves a record of that morning back before the moment of the load, keeping its order and earlier days', () => {
    const record = ['2026-03-08T09:10:00+08:00', '2026-03-10T09:05:00+08:00', '2026-03-10T09:40:00+08:00', '2026-03-10T15:00:00+08:00'].map((at) => ({ at }));
    const kept = recordNotAfter(record, LATEST).map((r) => r.at);
    expect(kept).toEqual(['2026-03-08T09:10:00+08:00', '2026-03-10T00:29:58+08:00', '2026-03-10T00:29:59+08:00', '2026-03-10T00:30:00+08:00']);
    const instants = kept.map((at) => Date.parse(at));
    expect(instants.every((t, i) => i === 0 || t > instants[i - 1]!)).toBe(true);
  });

  it('leaves a record that is already past alone, and everything when no moment is given', () => {
    const record = ['2026-03-09T10:00:00+08:00', '2026-03-10T00:10:00+08:00'].map((at) => ({ at }));
    expect(recordNotAfter(record, LATEST)).toEqual(record);
    const morning = [{ at: '2026-03-10T09:05:00+08:00' }];
    expect(recordNotAfter(morning, undefined)).toEqual(morning);
    expect(notAfter('2026-03-10T16:00:00+08:00', LATEST)).toBe('2026-03-10T00:30:00+08:00');
    expect(notAfter('2026-03-09T16:00:00+08:00', LATEST)).toBe('2026-03-09T16:00:00+08:00');
    expect(notAfter('2026-03-10T16:00:00+08:00', undefined)).toBe('2026-03-10T16:00:00+08:00');
  });
});
