import type pg from 'pg';
import { repeatEvery, type Schedule } from './schedule.js';

/**
 * PGlite runs PostgreSQL as one process without background workers, so the
 * autovacuum daemon never runs on the embedded database: every edit leaves a
 * dead row version that is never reclaimed, the planner's statistics age as
 * the data grows, and the visibility map that lets an index-only scan skip
 * the table (the list's page of ids, migration 0010) is never set. The
 * server does autovacuum's job itself: it asks pg_stat_user_tables which
 * tables have passed autovacuum's default thresholds, and vacuums or
 * analyzes those.
 */

export interface VacuumLog {
  info(msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface MaintenanceDone {
  /** Schema-qualified and quoted, as SQL names it. */
  table: string;
  action: 'vacuum' | 'analyze';
}

/**
 * autovacuum's defaults: vacuum past 50 + 20 % dead rows, or 1,000 + 20 %
 * rows inserted since the last vacuum (for the visibility map); analyze past
 * 50 + 10 % rows changed since the last analyze.
 */
const DUE = `
  SELECT format('%I.%I', schemaname, relname) AS table,
         n_dead_tup > 50 + 0.2 * n_live_tup OR n_ins_since_vacuum > 1000 + 0.2 * n_live_tup AS vacuum
    FROM pg_stat_user_tables
   WHERE schemaname = 'public'
     AND (n_dead_tup > 50 + 0.2 * n_live_tup
          OR n_ins_since_vacuum > 1000 + 0.2 * n_live_tup
          OR n_mod_since_analyze > 50 + 0.1 * n_live_tup)
   ORDER BY relname`;

/** Vacuums (with analyze) or analyzes every application table past its threshold, one at a time; returns what it did. */
export async function vacuumWhereDue(pool: pg.Pool): Promise<MaintenanceDone[]> {
  const { rows } = await pool.query<{ table: string; vacuum: boolean }>(DUE);
  const done: MaintenanceDone[] = [];
  for (const row of rows) {
    // One statement per table, so requests queued behind it wait for one table at most.
    await pool.query(row.vacuum ? `VACUUM (ANALYZE) ${row.table}` : `ANALYZE ${row.table}`);
    done.push({ table: row.table, action: row.vacuum ? 'vacuum' : 'analyze' });
  }
  return done;
}

/** Runs vacuumWhereDue every `everyMs` (a minute, autovacuum's naptime), one pass at a time. */
export function keepVacuumed(pool: pg.Pool, log: VacuumLog, everyMs = 60_000): Schedule {
  return repeatEvery(everyMs, 'database upkeep', log, async () => {
    const done = await vacuumWhereDue(pool);
    if (done.length > 0) log.info(`database upkeep: ${done.map((d) => `${d.action} ${d.table}`).join(', ')}`);
  });
}
