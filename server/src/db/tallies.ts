import type pg from 'pg';
import type { IsoDate } from '../domain/dates.js';
import { repeatEvery, type Schedule, type ScheduleLog } from './schedule.js';

/**
 * The dashboard's tallies (migrations 0011 and 0012) grow by a few rows with every
 * change to a project; readers sum them all. Folding them into one row per
 * key keeps that sum short: a minute of a busy prefecture's writes is some
 * thousand rows.
 */

/** Folds the tally changes appended so far into one row per key; returns how many change rows it folded. */
export async function compactTallies(db: pg.Pool | pg.PoolClient): Promise<number> {
  const { rows } = await db.query<{ folded: number }>('SELECT compact_project_tallies() + compact_project_day_tallies() AS folded');
  return rows[0]!.folded;
}

/**
 * Keeps open work whose deadline is before `before` (by default today, in the
 * tallies' time zone) under one deadline, -infinity, as overdue on any day
 * from then on (migration 0017); returns how many tally rows it moved. Only
 * forwards: an earlier day than the last changes nothing.
 */
export async function foldOverdueTallies(db: pg.Pool | pg.PoolClient, before?: IsoDate): Promise<number> {
  const { rows } = await db.query<{ moved: number }>(
    'SELECT fold_overdue_tallies(coalesce($1::date, (now() AT TIME ZONE tally_time_zone())::date)) AS moved',
    [before ?? null],
  );
  return rows[0]!.moved;
}

/** Runs compactTallies and foldOverdueTallies every `everyMs`, one pass at a time, on either database. */
export function keepTalliesCompact(pool: pg.Pool, log: ScheduleLog, everyMs = 60_000): Schedule {
  return repeatEvery(everyMs, 'folding the dashboard tallies', log, async () => {
    await compactTallies(pool);
    await foldOverdueTallies(pool);
  });
}
