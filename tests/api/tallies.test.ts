import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactTallies, foldOverdueTallies, keepTalliesCompact } from '../../server/src/db/tallies.js';
import { asOfDate, TREND_WEEKS, weeksEndingWith } from '../../server/src/domain/dashboard.js';
import { addDays, todayIn, type IsoDate } from '../../server/src/domain/dates.js';
import { OPEN_STATUSES, STATUSES } from '../../server/src/domain/status.js';
import { dashboardMeasures, dayTalliesTimeZone, setDayTalliesTimeZone, weeklyFigures, type WeeklyRow } from '../../server/src/queries/dashboard.js';
import { startTestApp } from '../helpers/app.js';
import { loginAs, type TestSession } from '../helpers/auth.js';
import { projectAt, transition } from '../helpers/loop.js';
import { inRolledBackTransaction } from '../helpers/rolledBack.js';

/**
 * The dashboard sums kept tallies instead of counting projects: today's
 * figures per key (migration 0011) and what happened on each day (0012).
 * These tests hold the kept sums to a count of the projects, their
 * follow-ups and their history as they are, after every kind of
 * change, folded or not, one row at a time, in bulk and side by side with
 * other writers. The SQL changes are made in transactions that are rolled back.
 */
const TZ = 'Asia/Shanghai';
let app: FastifyInstance;
let planner: TestSession;
let unitId: number;

beforeAll(async () => {
  app = await startTestApp();
  planner = await loginAs(app, 'planner');
  unitId = (await loginAs(app, 'unit')).unitId!;
});
afterAll(async () => {
  await app.close();
});

/**
 * What the tallies must add up to, per key: counted from the live projects and
 * their follow-ups, open work under its deadline, or under -infinity once that
 * is before the fold day (migration 0017).
 */
const COUNTED = `
  SELECT p.area_id, p.unit_id, p.kind, p.status,
         tally_deadline_kept(CASE WHEN p.status IN ('reported', 'assigned', 'in_progress') THEN p.deadline END, tally_overdue_folded_before()) AS deadline,
         count(*)::bigint AS projects,
         count(*) FILTER (WHERE p.completed_on <= p.deadline)::bigint AS on_time,
         count(*) FILTER (WHERE p.completed_on IS NOT NULL AND p.deadline IS NOT NULL)::bigint AS on_time_of,
         coalesce(sum(p.completed_on - p.reported_on), 0)::bigint AS days_sum,
         count(p.completed_on)::bigint AS days_count,
         count(*) FILTER (WHERE p.reopen_count > 0)::bigint AS reopened,
         coalesce(sum(p.households_benefited), 0)::bigint AS households,
         coalesce(sum(f.score), 0)::bigint AS follow_up_score,
         coalesce(sum(f.n), 0)::bigint AS follow_ups
    FROM projects p
    LEFT JOIN (SELECT project_id, sum(satisfaction) AS score, count(*) AS n FROM project_follow_ups GROUP BY project_id) f
      ON f.project_id = p.id
   WHERE p.deleted_at IS NULL
   GROUP BY 1, 2, 3, 4, 5`;

/**
 * The kept sums per key, folded and not yet folded together, deadlines read
 * as the dashboard reads them; keys that add up to nothing are left out.
 */
const KEPT = `
  SELECT area_id, unit_id, kind, status, tally_deadline_kept(deadline, tally_overdue_folded_before()) AS deadline,
         sum(projects)::bigint AS projects, sum(on_time)::bigint AS on_time, sum(on_time_of)::bigint AS on_time_of,
         sum(days_sum)::bigint AS days_sum, sum(days_count)::bigint AS days_count, sum(reopened)::bigint AS reopened,
         sum(households)::bigint AS households, sum(follow_up_score)::bigint AS follow_up_score, sum(follow_ups)::bigint AS follow_ups
    FROM (SELECT * FROM project_tallies UNION ALL SELECT * FROM project_tally_changes) t
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(projects) <> 0 OR sum(on_time) <> 0 OR sum(on_time_of) <> 0 OR sum(days_sum) <> 0 OR sum(days_count) <> 0
      OR sum(reopened) <> 0 OR sum(households) <> 0 OR sum(follow_up_score) <> 0 OR sum(follow_ups) <> 0`;

/**
 * What the day tallies must add up to, per key and day, in time zone $1:
 * each live project's steps and the days it opened, closed, and became and
 * stopped being overdue, as domain/dashboard.ts defines them.
 */
const COUNTED_DAYS = `
  WITH steps AS (
    SELECT project_id, (min(at) FILTER (WHERE to_status = 'assigned') AT TIME ZONE $1)::date AS assigned_on,
           (min(at) FILTER (WHERE to_status = 'cancelled') AT TIME ZONE $1)::date AS cancelled_on
      FROM project_history GROUP BY project_id
  ), t AS (
    SELECT p.*, s.assigned_on,
           CASE WHEN p.status IN ('completed', 'verified') THEN coalesce(p.completed_on, p.reported_on)
                WHEN p.status = 'cancelled' THEN coalesce(s.cancelled_on, p.reported_on) END AS closed_on,
           CASE WHEN p.deadline IS NOT NULL THEN greatest(p.reported_on, p.deadline + 1) END AS overdue_from
      FROM projects p LEFT JOIN steps s ON s.project_id = p.id WHERE p.deleted_at IS NULL
  ), events AS (
    SELECT area_id, unit_id, kind, reported_on AS day, 'reported' AS what FROM t
    UNION ALL SELECT area_id, unit_id, kind, assigned_on, 'assigned' FROM t WHERE assigned_on IS NOT NULL
    UNION ALL SELECT area_id, unit_id, kind, completed_on, 'completed' FROM t WHERE completed_on IS NOT NULL
    UNION ALL SELECT area_id, unit_id, kind, verified_on, 'verified' FROM t WHERE verified_on IS NOT NULL
    UNION ALL SELECT area_id, unit_id, kind, reported_on, 'opens' FROM t WHERE closed_on IS NULL OR closed_on > reported_on
    UNION ALL SELECT area_id, unit_id, kind, closed_on, 'closes' FROM t WHERE closed_on > reported_on
    UNION ALL SELECT area_id, unit_id, kind, overdue_from, 'overdue_opens' FROM t WHERE closed_on IS NULL OR closed_on > overdue_from
    UNION ALL SELECT area_id, unit_id, kind, closed_on, 'overdue_closes' FROM t WHERE closed_on > overdue_from
  )
  SELECT area_id, unit_id, kind, day,
         count(*) FILTER (WHERE what = 'reported')::bigint AS reported, count(*) FILTER (WHERE what = 'assigned')::bigint AS assigned,
         count(*) FILTER (WHERE what = 'completed')::bigint AS completed, count(*) FILTER (WHERE what = 'verified')::bigint AS verified,
         count(*) FILTER (WHERE what = 'opens')::bigint AS opens, count(*) FILTER (WHERE what = 'closes')::bigint AS closes,
         count(*) FILTER (WHERE what = 'overdue_opens')::bigint AS overdue_opens,
         count(*) FILTER (WHERE what = 'overdue_closes')::bigint AS overdue_closes
    FROM events WHERE day IS NOT NULL
   GROUP BY 1, 2, 3, 4`;

const KEPT_DAYS = `
  SELECT area_id, unit_id, kind, day, sum(reported)::bigint AS reported, sum(assigned)::bigint AS assigned,
         sum(completed)::bigint AS completed, sum(verified)::bigint AS verified, sum(opens)::bigint AS opens,
         sum(closes)::bigint AS closes, sum(overdue_opens)::bigint AS overdue_opens, sum(overdue_closes)::bigint AS overdue_closes
    FROM (SELECT * FROM project_day_tallies UNION ALL SELECT * FROM project_day_tally_changes) t
   GROUP BY 1, 2, 3, 4
  HAVING sum(reported) <> 0 OR sum(assigned) <> 0 OR sum(completed) <> 0 OR sum(verified) <> 0
      OR sum(opens) <> 0 OR sum(closes) <> 0 OR sum(overdue_opens) <> 0 OR sum(overdue_closes) <> 0`;

interface Agreement {
  keys: number;
  /** Keys whose kept sums differ from the count, in either direction. */
  differing: Record<string, unknown>[];
}

/** How the kept sums of today's figures agree with a count of the projects. */
async function agreement(db: pg.Pool | pg.PoolClient): Promise<Agreement> {
  return differences(db, COUNTED, KEPT, []);
}

/** How the kept day sums agree with a count of the projects and their history in `timeZone`. */
async function dayAgreement(db: pg.Pool | pg.PoolClient, timeZone = TZ): Promise<Agreement> {
  return differences(db, COUNTED_DAYS, KEPT_DAYS, [timeZone]);
}

async function differences(db: pg.Pool | pg.PoolClient, counted: string, kept: string, params: unknown[]): Promise<Agreement> {
  const { rows: differing } = await db.query(
    `WITH counted AS (${counted}), kept AS (${kept})
     (SELECT 'counted' AS side, * FROM (TABLE counted EXCEPT ALL TABLE kept) a)
     UNION ALL
     (SELECT 'kept', * FROM (TABLE kept EXCEPT ALL TABLE counted) b)`,
    params,
  );
  const { rows } = await db.query<{ keys: number }>(`SELECT count(*)::integer AS keys FROM (${counted}) c`, params);
  return { keys: rows[0]!.keys, differing };
}

/** Weekly rows in one order: within a week the database returns its groups in any order. */
function inOrder(rows: WeeklyRow[]): WeeklyRow[] {
  const key = (r: WeeklyRow) => `${r.start} ${r.group} ${r.child ?? ''} ${r.unit_id ?? ''}`;
  return [...rows].sort((x, y) => key(x).localeCompare(key(y)));
}

async function changeRows(db: pg.Pool | pg.PoolClient): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT (SELECT count(*) FROM project_tally_changes)::integer + (SELECT count(*) FROM project_day_tally_changes)::integer AS n',
  );
  return rows[0]!.n;
}

/** Expects the kept sums to agree with the count, before and after folding the changes in. */
async function expectAgreement(client: pg.PoolClient): Promise<void> {
  expect((await agreement(client)).differing).toEqual([]);
  expect((await dayAgreement(client)).differing).toEqual([]);
  await compactTallies(client);
  expect(await changeRows(client)).toBe(0);
  expect((await agreement(client)).differing).toEqual([]);
  expect((await dayAgreement(client)).differing).toEqual([]);
}

describe('the dashboard tallies', () => {
  it('count as open exactly the statuses the domain calls open', async () => {
    const { rows } = await app.db.pool.query<{ status: string; open: boolean }>(
      'SELECT s AS status, project_status_is_open(s) AS open FROM unnest($1::text[]) s',
      [STATUSES],
    );
    expect(rows.filter((r) => r.open).map((r) => r.status)).toEqual([...OPEN_STATUSES]);
  });

  it('agree with the projects as the demo data and the other tests left them', async () => {
    const { keys, differing } = await agreement(app.db.pool);
    expect(keys).toBeGreaterThan(10);
    expect(differing).toEqual([]);
    const days = await dayAgreement(app.db.pool);
    expect(days.keys).toBeGreaterThan(100);
    expect(days.differing).toEqual([]);
  });

  it('follow every change to a project, one row at a time', async () => {
    await inRolledBackTransaction(app.db.pool, async (client) => {
      await compactTallies(client);
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO projects (kind, title, status, geom, reported_on, deadline, households_benefited)
         SELECT 'drainage', '合计测试 ' || i, 'reported', ST_SetSRID(ST_MakePoint(113.26 + i * 0.001, 23.13), 4326),
                DATE '2026-01-05', DATE '2026-01-05' + i, 10 * i
           FROM generate_series(1, 6) i
         RETURNING id`,
      );
      const [a, b, c, d, e, f] = rows.map((r) => r.id) as [number, number, number, number, number, number];
      await expectAgreement(client);

      await client.query(`UPDATE projects SET status = 'assigned', unit_id = $2 WHERE id = $1`, [a, unitId]);
      await client.query(`UPDATE projects SET status = 'completed', unit_id = $2, completed_on = DATE '2026-01-07' WHERE id = $1`, [b, unitId]);
      await client.query(`UPDATE projects SET status = 'completed', completed_on = DATE '2026-03-01' WHERE id = $1`, [c]);
      await client.query(
        `INSERT INTO project_follow_ups (project_id, followed_on, satisfaction, satisfied, actor)
         VALUES ($1, DATE '2026-01-08', 2, false, 'test'), ($2, DATE '2026-03-02', 5, true, 'test')`,
        [b, c],
      );
      await client.query(`UPDATE projects SET status = 'in_progress', reopen_count = reopen_count + 1 WHERE id = $1`, [b]);
      await client.query(`UPDATE projects SET status = 'verified', verified_on = DATE '2026-03-02' WHERE id = $1`, [c]);
      await client.query(`UPDATE projects SET deadline = deadline + 30, households_benefited = NULL WHERE id = $1`, [d]);
      await client.query(`UPDATE projects SET deleted_at = now() WHERE id = ANY ($1::bigint[])`, [[e, f]]);
      await expectAgreement(client);

      // Steps in the record: a first assigned step moves the day of assignment; a later one changes nothing.
      const step = (id: number, to: string, at: string) =>
        client.query(
          `INSERT INTO project_history (project_id, version, action, actor, at, from_status, to_status)
           VALUES ($1, 1, 'transition', 'test', $3::timestamptz, 'reported', $2)`,
          [id, to, at],
        );
      await step(a, 'assigned', '2026-01-06T23:30:00+08:00');
      await step(a, 'assigned', '2026-01-09T10:00:00+08:00');
      await step(b, 'assigned', '2026-01-05T16:30:00Z'); // 00:30 on the 6th in China
      await expectAgreement(client);
      await client.query(`UPDATE projects SET status = 'cancelled' WHERE id = $1`, [d]);
      await step(d, 'cancelled', '2026-01-20T09:00:00+08:00');
      await client.query(`UPDATE projects SET deleted_at = NULL WHERE id = $1`, [e]);
      await client.query(`UPDATE project_follow_ups SET satisfaction = 4 WHERE project_id = $1`, [c]);
      await client.query(`DELETE FROM project_follow_ups WHERE project_id = $1`, [b]);
      await client.query(`DELETE FROM project_history WHERE false`);
      await client.query(`DELETE FROM projects WHERE id = $1`, [f]);
      await expectAgreement(client);
    });
  });

  it('append nothing for an edit that changes no figure', async () => {
    await inRolledBackTransaction(app.db.pool, async (client) => {
      await compactTallies(client);
      await client.query(`UPDATE projects SET title = title || '（改）', address = '某路 1 号', updated_at = now() WHERE deleted_at IS NULL`);
      expect(await changeRows(client)).toBe(0);
    });
  });

  it('follow changes in bulk, and a truncate', async () => {
    await inRolledBackTransaction(app.db.pool, async (client) => {
      await client.query(
        `INSERT INTO projects (kind, title, status, geom, reported_on, deadline)
         SELECT (ARRAY['streetlight', 'drainage', 'charging'])[1 + i % 3], '批量合计测试 ' || i, 'reported',
                ST_SetSRID(ST_MakePoint(113.0 + (i % 100) * 0.01, 23.0 + (i / 100) * 0.01), 4326),
                DATE '2026-02-01' + i % 40, DATE '2026-03-01' + i % 20
           FROM generate_series(1, 2000) i`,
      );
      await client.query(
        `UPDATE projects SET status = CASE WHEN id % 3 = 0 THEN 'completed' ELSE 'in_progress' END, unit_id = $1,
                completed_on = CASE WHEN id % 3 = 0 THEN reported_on + (id % 50)::integer END
          WHERE title LIKE '批量合计测试%'`,
        [unitId],
      );
      await client.query(
        `INSERT INTO project_follow_ups (project_id, followed_on, satisfaction, satisfied, actor)
         SELECT id, completed_on, 1 + id % 5, true, 'test' FROM projects WHERE title LIKE '批量合计测试%' AND status = 'completed'`,
      );
      await expectAgreement(client);
      await client.query('TRUNCATE project_follow_ups');
      await expectAgreement(client);
      await client.query('TRUNCATE project_photos, project_history');
      await expectAgreement(client);
    });
  });

  it('keep overdue deadlines together once folded, forwards only, and count overdue on any day', async () => {
    await inRolledBackTransaction(app.db.pool, async (client) => {
      // Nothing folded yet (the server's schedule, in other tests, folds up to today).
      await client.query('UPDATE tally_settings SET overdue_folded_before = NULL');
      await client.query('SELECT rebuild_project_tallies()');
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO projects (kind, title, status, unit_id, geom, reported_on, deadline)
         SELECT 'streetlight', '逾期折叠测试 ' || i, (ARRAY['assigned', 'in_progress'])[1 + i % 2], $1,
                ST_SetSRID(ST_MakePoint(113.26 + i * 0.001, 23.13), 4326), DATE '2025-12-20', DATE '2026-01-01' + i
           FROM generate_series(1, 10) i
         RETURNING id`,
        [unitId],
      );
      const ids = rows.map((r) => r.id);
      const overdueOn = async (today: IsoDate) => {
        const measures = await dashboardMeasures(client, { areaId: null, kinds: ['streetlight'] }, today);
        const { rows: counted } = await client.query<{ unit_id: number | null; n: number }>(
          `SELECT unit_id, count(*)::integer AS n FROM projects
            WHERE deleted_at IS NULL AND kind = 'streetlight' AND status IN ('reported', 'assigned', 'in_progress') AND deadline < $1::date
            GROUP BY unit_id`,
          [today],
        );
        const kept = measures.filter((m) => m.group === 'unit' && m.overdue > 0).map((m) => ({ unit_id: m.unit_id, n: m.overdue }));
        const byUnit = (a: { unit_id: number | null }, b: { unit_id: number | null }) => (a.unit_id ?? 0) - (b.unit_id ?? 0);
        expect(kept.sort(byUnit), `overdue on ${today}`).toEqual(counted.sort(byUnit));
        return measures.find((m) => m.group === 'total')!.overdue;
      };
      const days = ['2025-12-31', '2026-01-03', '2026-01-06', '2026-01-09', '2026-02-01'] as IsoDate[];
      const expectOverdueOnEveryDay = async () => {
        for (const today of days) await overdueOn(today);
      };
      await compactTallies(client);
      const unfolded = [];
      for (const today of days) unfolded.push(await overdueOn(today));

      // The deadlines of 2 to 5 January go under -infinity; nothing else changes.
      expect(await foldOverdueTallies(client, '2026-01-06' as IsoDate)).toBeGreaterThan(0);
      const left = await client.query(`SELECT 1 FROM project_tallies WHERE deadline < DATE '2026-01-06' AND deadline <> '-infinity'::date`);
      expect(left.rowCount).toBe(0);
      expect((await client.query(`SELECT 1 FROM project_tallies WHERE deadline = '-infinity'::date`)).rowCount).toBeGreaterThan(0);
      await expectAgreement(client);
      const folded = [];
      for (const today of days) folded.push(await overdueOn(today));
      expect(folded).toEqual(unfolded);

      // Forwards only.
      expect(await foldOverdueTallies(client, '2026-01-03' as IsoDate)).toBe(0);
      expect((await client.query('SELECT tally_overdue_folded_before()::text AS d')).rows[0].d).toBe('2026-01-06');

      // Changes after the fold, to folded and unfolded work, read before and after they are folded in.
      const [d2, d3, d4, d7] = [ids[1], ids[2], ids[3], ids[6]];
      await client.query(`UPDATE projects SET status = 'completed', completed_on = DATE '2026-01-04' WHERE id = $1`, [d2]);
      await client.query(`UPDATE projects SET deadline = DATE '2026-01-20' WHERE id = $1`, [d3]);
      await client.query(`UPDATE projects SET deadline = DATE '2026-01-01' WHERE id = $1`, [d7]);
      await client.query(`UPDATE projects SET deleted_at = now() WHERE id = $1`, [d4]);
      await client.query(
        `INSERT INTO projects (kind, title, status, unit_id, geom, reported_on, deadline)
         VALUES ('streetlight', '逾期折叠测试 新', 'assigned', $1, ST_SetSRID(ST_MakePoint(113.3, 23.13), 4326), DATE '2025-11-01', DATE '2025-12-01')`,
        [unitId],
      );
      expect(await changeRows(client)).toBeGreaterThan(0);
      await expectOverdueOnEveryDay();
      await expectAgreement(client);
      expect((await client.query(`SELECT 1 FROM project_tallies WHERE deadline < DATE '2026-01-06' AND deadline <> '-infinity'::date`)).rowCount).toBe(0);
      await expectOverdueOnEveryDay();

      // A later fold takes in what the last left, and what compaction put beside it.
      expect(await foldOverdueTallies(client, '2026-01-21' as IsoDate)).toBeGreaterThan(0);
      await expectAgreement(client);
      await expectOverdueOnEveryDay();
    });
  });

  it('follow the loop through the API, and stay whole beside writers while they are folded', async () => {
    const steps: Promise<unknown>[] = [];
    let folding = true;
    const folder = (async () => {
      let passes = 0;
      while (folding || passes === 0) {
        await compactTallies(app.db.pool);
        passes += 1;
      }
      return passes;
    })();
    for (let i = 0; i < 6; i++) {
      steps.push(
        (async () => {
          const verified = await projectAt(planner, 'verified', unitId, `合计并发测试 ${i}`);
          const completed = await projectAt(planner, 'completed', unitId, `合计并发测试 ${i}b`);
          const reopened = await transition(planner, completed.id, { to: 'in_progress', version: completed.version, satisfaction: 2, note: '居民不满意' });
          expect(reopened.statusCode, reopened.body).toBe(200);
          const gone = await planner.inject({ method: 'DELETE', url: `/api/projects/${verified.id}`, headers: { 'if-match': `"${verified.version}"` } });
          expect(gone.statusCode, gone.body).toBe(204);
        })(),
      );
    }
    await Promise.all(steps);
    folding = false;
    expect(await folder).toBeGreaterThan(0);
    expect((await agreement(app.db.pool)).differing).toEqual([]);
  });

  it('count days in the time zone they are set to, and again when it changes', async () => {
    await inRolledBackTransaction(app.db.pool, async (client) => {
      expect(await setDayTalliesTimeZone(client, TZ)).toBe(false);
      expect(await setDayTalliesTimeZone(client, 'America/New_York')).toBe(true);
      expect((await dayAgreement(client, 'America/New_York')).differing).toEqual([]);
    });
    await expect(setDayTalliesTimeZone(app.db.pool, 'Mars/Olympus_Mons')).rejects.toThrow(/time zone/);
    expect(await dayTalliesTimeZone(app.db.pool)).toBe(TZ);
  });

  it('give the weekly figures the projects give, for every district and all of them', async () => {
    const today = todayIn(TZ);
    const trend = weeksEndingWith(today, TREND_WEEKS).map((w) => ({ ...w, as_of: asOfDate(w, today) }));
    const past = weeksEndingWith(addDays(today, -200), 3).map((w) => ({ ...w, as_of: asOfDate(w, today) }));
    const { rows: districts } = await app.db.pool.query<{ id: number }>('SELECT id FROM areas WHERE parent_id IS NULL');
    for (const areaId of [null, ...districts.map((d) => d.id)]) {
      for (const weeks of [trend, past, trend.slice(-1)]) {
        const scope = { areaId, kinds: areaId === null ? ['streetlight', 'charging'] : null };
        const [kept, counted] = await Promise.all(
          (['tallies', 'projects'] as const).map((source) => weeklyFigures(app.db.pool, scope, weeks, TZ, { byGroup: true, source })),
        );
        expect(inOrder(kept!), `area ${areaId}, weeks from ${weeks[0]!.start}`).toEqual(inOrder(counted!));
      }
    }
  });

  it('are folded in on a schedule', async () => {
    await projectAt(planner, 'assigned', unitId, '合计定时测试');
    expect(await changeRows(app.db.pool)).toBeGreaterThan(0);
    const schedule = keepTalliesCompact(app.db.pool, { warn: () => undefined }, 50);
    try {
      await expect.poll(() => changeRows(app.db.pool), { timeout: 10_000 }).toBe(0);
    } finally {
      await schedule.stop();
    }
    expect((await agreement(app.db.pool)).differing).toEqual([]);
  });
});
