/**
 * The demo's times are office hours, China time, on dates derived from the
 * day it is loaded as of. Loaded on that day itself, some of them may not have
 * come yet: from 16:00 UTC it is past midnight in China, and a project
 * "updated" at 09:30 that morning would be newer than every real edit made
 * before then — the map's tile version, the latest change of what a filter
 * selects, would not move on them.
 */

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** An instant as the demo writes its times: China's wall clock, +08:00, to the second. */
export function chinaTimestamp(ms: number): string {
  return `${new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** `at`, or `latest` if that is earlier. */
export function notAfter(at: string, latest: Date | undefined): string {
  return latest !== undefined && Date.parse(at) > latest.getTime() ? chinaTimestamp(latest.getTime()) : at;
}

/**
 * One project's record, in order, with no time after `latest` and each still
 * a second or more before the next: working back from the last row, a row
 * that is later than that keeps its place in the order but moves back to a
 * second before the row after it (the last one to `latest`). Rows of earlier
 * days keep their times.
 */
export function recordNotAfter<T extends { at: string }>(rows: readonly T[], latest: Date | undefined): T[] {
  if (latest === undefined) return [...rows];
  const kept = [...rows];
  let limit = latest.getTime();
  for (let i = kept.length - 1; i >= 0; i--) {
    const row = kept[i]!;
    const at = Date.parse(row.at);
    if (at > limit) kept[i] = { ...row, at: chinaTimestamp(limit) };
    limit = Math.min(at, limit) - 1_000;
  }
  return kept;
}
