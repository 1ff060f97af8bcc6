-- Open work's tallies keep overdue deadlines together.
--
-- project_tallies (migration 0011) keeps open work by its deadline, so that
-- "overdue on day D" is a sum of the rows whose deadline is before D. Once a
-- deadline has passed, its day no longer matters to any dashboard asked
-- today: work overdue yesterday is overdue today. Yet each deadline kept its
-- own rows, and they pile up: at 1,000,000 projects of which 600,000 are
-- open, 28,000 of the 33,000 tally rows were open work under past deadlines,
-- and every reader of the dashboard summed them all.
--
-- fold_overdue_tallies(before) moves the rows of every deadline before
-- `before` (the server passes its today, once a minute) into one row per key
-- under the deadline -infinity, which is before every day; compaction puts
-- changes to such deadlines there too. Readers map the deadlines of both
-- tables the same way (tally_deadline_kept), so a change not yet folded in,
-- or a row a compaction wrote beside a fold, reads as folded. A dashboard
-- asked for a day before the fold (tests, benchmarks, a day in the past)
-- takes the open projects whose deadline lies between that day and the fold
-- back out of the -infinity rows, reading them through
-- projects_open_deadline_idx (queries/dashboard.ts, dashboardMeasures): exact
-- for any day, and free for today, where there are none.

ALTER TABLE tally_settings ADD COLUMN overdue_folded_before date;

COMMENT ON COLUMN tally_settings.overdue_folded_before IS
  'Open work''s tallies with a deadline before this day are kept under the deadline -infinity (migration 0017). NULL: none are.';

-- The deadline a tally of open work is kept under once deadlines before
-- `folded_before` are folded: its own, or -infinity. NULL deadlines (work
-- with none, and every tally of closed work) stay NULL.
CREATE FUNCTION tally_deadline_kept(deadline date, folded_before date) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN deadline < folded_before THEN '-infinity'::date ELSE deadline END
$$;

CREATE FUNCTION tally_overdue_folded_before() RETURNS date
  LANGUAGE sql STABLE AS $$ SELECT overdue_folded_before FROM tally_settings $$;

-- As in migration 0011, with the deadline of each change folded as it is
-- folded in.
CREATE OR REPLACE FUNCTION compact_project_tallies() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer;
BEGIN
  WITH moved AS (
    DELETE FROM project_tally_changes RETURNING *
  ), sums AS (
    SELECT area_id, unit_id, kind, status, tally_deadline_kept(deadline, tally_overdue_folded_before()) AS deadline,
           sum(projects) AS projects, sum(on_time) AS on_time, sum(on_time_of) AS on_time_of, sum(days_sum) AS days_sum,
           sum(days_count) AS days_count, sum(reopened) AS reopened, sum(households) AS households,
           sum(follow_up_score) AS follow_up_score, sum(follow_ups) AS follow_ups, count(*) AS n
      FROM moved
     GROUP BY 1, 2, 3, 4, 5
  ), folded_in AS (
    INSERT INTO project_tallies AS t
    SELECT area_id, unit_id, kind, status, deadline, projects, on_time, on_time_of, days_sum, days_count,
           reopened, households, follow_up_score, follow_ups
      FROM sums
     ORDER BY area_id, unit_id, kind, status, deadline
    ON CONFLICT (area_id, unit_id, kind, status, deadline) DO UPDATE
       SET projects = t.projects + EXCLUDED.projects, on_time = t.on_time + EXCLUDED.on_time,
           on_time_of = t.on_time_of + EXCLUDED.on_time_of, days_sum = t.days_sum + EXCLUDED.days_sum,
           days_count = t.days_count + EXCLUDED.days_count, reopened = t.reopened + EXCLUDED.reopened,
           households = t.households + EXCLUDED.households, follow_up_score = t.follow_up_score + EXCLUDED.follow_up_score,
           follow_ups = t.follow_ups + EXCLUDED.follow_ups
  )
  -- A data-modifying WITH runs to its end whether it is read or not.
  SELECT coalesce(sum(n), 0)::integer INTO folded FROM sums;
  -- Keys no live project has any more.
  DELETE FROM project_tallies
   WHERE projects = 0 AND on_time = 0 AND on_time_of = 0 AND days_sum = 0 AND days_count = 0
     AND reopened = 0 AND households = 0 AND follow_up_score = 0 AND follow_ups = 0;
  RETURN folded;
END $$;

-- Folds the tallies of open work with a deadline before `before` into the
-- -infinity rows, and records `before` for compaction and readers. Only
-- forwards: a day at or before the one recorded changes nothing. The rows
-- are moved back among the changes and compacted, which now keeps them
-- under -infinity: safe beside writers, compaction and another fold, as
-- compaction is; the settings row, updated first, is held to the end.
-- Returns how many rows it moved.
CREATE FUNCTION fold_overdue_tallies(before date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  moved_rows integer;
BEGIN
  UPDATE tally_settings SET overdue_folded_before = before
   WHERE overdue_folded_before IS NULL OR overdue_folded_before < before;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  WITH moved AS (
    DELETE FROM project_tallies
     WHERE deadline < before AND deadline <> '-infinity'::date
    RETURNING *
  )
  INSERT INTO project_tally_changes SELECT * FROM moved;
  GET DIAGNOSTICS moved_rows = ROW_COUNT;
  PERFORM compact_project_tallies();
  RETURN moved_rows;
END $$;
