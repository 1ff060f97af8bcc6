-- The dashboard's measures and its counts by kind and status, kept as sums.
-- Counted from the projects on each request, they read every project in
-- scope: at a million projects, 1.4 s for the measures and 1.5 s for the
-- counts of all districts on PostgreSQL. Here each live project adds its part
-- to one row per (area, unit, kind, status, and for open work the deadline),
-- so a dashboard sums a few thousand rows instead.
--
-- What a project adds (its "tally"): 1 project; whether it was completed by
-- its deadline; the days from report to completion; whether it was ever
-- reopened; the households it serves; and the satisfaction of its follow-ups
-- with residents. The dashboard's SQL keeps which of these count for which
-- statuses (queries/dashboard.ts); the deadline is kept for open work only,
-- where "overdue" depends on the day asked about.
--
-- Writers never update a shared row: each statement that changes projects or
-- follow-ups appends what it changed to project_tally_changes, set-based (one
-- row per key it touched, an import included). Two planners saving at once
-- therefore never wait on each other's tallies, and an import holds no lock a
-- single edit needs. compact_project_tallies() folds the changes into
-- project_tallies from time to time; readers sum both tables, so what they
-- see does not depend on when that last ran.
--
-- Soft-deleted projects add nothing. Follow-ups count for the project's
-- current row: the project trigger looks them up when a project moves to
-- another key, so follow-ups and the project must change in separate
-- statements (they do: queries/loop.ts), not in one statement with a
-- data-modifying WITH.

CREATE TABLE project_tallies (
  area_id          integer,
  unit_id          integer,
  kind             text NOT NULL,
  status           text NOT NULL,
  -- Open work only: the day after which it is overdue. NULL for the rest.
  deadline         date,
  projects         integer NOT NULL,
  -- Completed on or before the deadline; with both dates; days report → completion, and of how many.
  on_time          integer NOT NULL,
  on_time_of       integer NOT NULL,
  days_sum         bigint NOT NULL,
  days_count       integer NOT NULL,
  reopened         integer NOT NULL,
  households       bigint NOT NULL,
  follow_up_score  bigint NOT NULL,
  follow_ups       integer NOT NULL,
  UNIQUE NULLS NOT DISTINCT (area_id, unit_id, kind, status, deadline)
);

-- The same columns; any number of rows per key, summed by whoever reads.
CREATE TABLE project_tally_changes (LIKE project_tallies);

COMMENT ON TABLE project_tallies IS
  'Derived: the dashboard''s sums per area, unit, kind, status (and deadline of open work). Add project_tally_changes to read. Kept by triggers (migration 0011).';
COMMENT ON TABLE project_tally_changes IS
  'Derived: changes to project_tallies not yet folded in by compact_project_tallies() (migration 0011).';

-- The statuses in which work is still owed (domain/status.ts OPEN_STATUSES; a test holds the two together).
CREATE FUNCTION project_status_is_open(status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT status IN ('reported', 'assigned', 'in_progress') $$;

-- The SELECT of what the live projects `rows` add, times `sign`, by key:
-- `rows` is a transition table (or a query of one), or the projects table
-- for a rebuild. Their follow-ups as they are now: none for new projects
-- ('none'), looked up one project at a time for a statement's rows
-- ('lookup'), or summed whole for a rebuild ('join').
CREATE FUNCTION project_tally_rows_sql(rows text, sign integer, follow_ups text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    SELECT r.area_id, r.unit_id, r.kind, r.status,
           CASE WHEN project_status_is_open(r.status) THEN r.deadline END AS deadline,
           %2$s AS projects,
           %2$s * (r.completed_on IS NOT NULL AND r.deadline IS NOT NULL AND r.completed_on <= r.deadline)::integer AS on_time,
           %2$s * (r.completed_on IS NOT NULL AND r.deadline IS NOT NULL)::integer AS on_time_of,
           %2$s * coalesce(r.completed_on - r.reported_on, 0)::bigint AS days_sum,
           %2$s * (r.completed_on IS NOT NULL)::integer AS days_count,
           %2$s * (r.reopen_count > 0)::integer AS reopened,
           %2$s * coalesce(r.households_benefited, 0)::bigint AS households,
           %2$s * coalesce(f.score, 0) AS follow_up_score,
           %2$s * coalesce(f.n, 0) AS follow_ups
      FROM %1$s r
      %3$s
     WHERE r.deleted_at IS NULL$f$, rows, sign, CASE follow_ups
       WHEN 'none' THEN 'CROSS JOIN (SELECT NULL::bigint AS score, NULL::integer AS n) f'
       WHEN 'lookup' THEN 'LEFT JOIN LATERAL (SELECT sum(fu.satisfaction)::bigint AS score, count(*)::integer AS n
                                              FROM project_follow_ups fu WHERE fu.project_id = r.id) f ON true'
       WHEN 'join' THEN 'LEFT JOIN (SELECT fu.project_id, sum(fu.satisfaction)::bigint AS score, count(*)::integer AS n
                                     FROM project_follow_ups fu GROUP BY fu.project_id) f ON f.project_id = r.id'
     END)
$$;

-- The INSERT that appends the sum by key of `parts` (rows shaped as
-- project_tally_rows_sql gives them), leaving out keys where everything
-- cancels. The trigger functions EXECUTE it themselves: a transition table
-- is visible only to the queries of its own trigger function.
CREATE FUNCTION append_tally_changes_sql(parts text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    INSERT INTO project_tally_changes
    SELECT area_id, unit_id, kind, status, deadline,
           sum(projects), sum(on_time), sum(on_time_of), sum(days_sum), sum(days_count),
           sum(reopened), sum(households), sum(follow_up_score), sum(follow_ups)
      FROM (%s) parts
     GROUP BY area_id, unit_id, kind, status, deadline
    HAVING sum(projects) <> 0 OR sum(on_time) <> 0 OR sum(on_time_of) <> 0 OR sum(days_sum) <> 0
        OR sum(days_count) <> 0 OR sum(reopened) <> 0 OR sum(households) <> 0
        OR sum(follow_up_score) <> 0 OR sum(follow_ups) <> 0$f$, parts)
$$;

-- An update's rows whose tally can differ, as they were (side 'o') or are
-- now ('n'): most edits (a title, an address, a photo) change none of the
-- columns a tally reads, and cost no lookup.
CREATE FUNCTION tally_moved_rows_sql(side text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$(SELECT %1$s.* FROM old_rows o JOIN new_rows n USING (id)
     WHERE (o.area_id, o.unit_id, o.kind, o.status, o.deadline, o.reported_on, o.completed_on,
            o.reopen_count > 0, o.households_benefited, o.deleted_at IS NULL)
           IS DISTINCT FROM
           (n.area_id, n.unit_id, n.kind, n.status, n.deadline, n.reported_on, n.completed_on,
            n.reopen_count > 0, n.households_benefited, n.deleted_at IS NULL))$f$, side)
$$;

CREATE FUNCTION projects_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- A new project has no follow-ups yet: they reference it.
    EXECUTE append_tally_changes_sql(project_tally_rows_sql('new_rows', 1, 'none'));
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE append_tally_changes_sql(project_tally_rows_sql('old_rows', -1, 'lookup'));
  ELSE
    EXECUTE append_tally_changes_sql(
      project_tally_rows_sql(tally_moved_rows_sql('o'), -1, 'lookup')
      || ' UNION ALL ' ||
      project_tally_rows_sql(tally_moved_rows_sql('n'), 1, 'lookup'));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER projects_tallies_insert AFTER INSERT ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION projects_tallies();
CREATE TRIGGER projects_tallies_update AFTER UPDATE ON projects
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION projects_tallies();
CREATE TRIGGER projects_tallies_delete AFTER DELETE ON projects
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION projects_tallies();

-- Follow-ups: their satisfaction goes to (or leaves) the key of their project's row as it is now.
CREATE FUNCTION follow_ups_tally_rows_sql(rows text, sign integer) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    SELECT p.area_id, p.unit_id, p.kind, p.status,
           CASE WHEN project_status_is_open(p.status) THEN p.deadline END AS deadline,
           0 AS projects, 0 AS on_time, 0 AS on_time_of, 0::bigint AS days_sum, 0 AS days_count, 0 AS reopened,
           0::bigint AS households, %2$s * f.satisfaction::bigint AS follow_up_score, %2$s AS follow_ups
      FROM %1$s f JOIN projects p ON p.id = f.project_id AND p.deleted_at IS NULL$f$, rows, sign)
$$;

CREATE FUNCTION follow_ups_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE append_tally_changes_sql(follow_ups_tally_rows_sql('new_rows', 1));
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE append_tally_changes_sql(follow_ups_tally_rows_sql('old_rows', -1));
  ELSE
    EXECUTE append_tally_changes_sql(
      follow_ups_tally_rows_sql('old_rows', -1) || ' UNION ALL ' || follow_ups_tally_rows_sql('new_rows', 1));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER follow_ups_tallies_insert AFTER INSERT ON project_follow_ups
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_ups_tallies();
CREATE TRIGGER follow_ups_tallies_update AFTER UPDATE ON project_follow_ups
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_ups_tallies();
CREATE TRIGGER follow_ups_tallies_delete AFTER DELETE ON project_follow_ups
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_ups_tallies();

-- Folds the changes appended so far into one row per key. Safe beside
-- writers and beside another compaction: it moves exactly the change rows it
-- deleted (a row appended meanwhile stays for the next time; one that
-- another compaction deleted first is skipped), and its upserts take their
-- keys in order. Returns how many change rows it folded.
CREATE FUNCTION compact_project_tallies() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer;
BEGIN
  WITH moved AS (
    DELETE FROM project_tally_changes RETURNING *
  ), sums AS (
    SELECT area_id, unit_id, kind, status, deadline,
           sum(projects) AS projects, sum(on_time) AS on_time, sum(on_time_of) AS on_time_of, sum(days_sum) AS days_sum,
           sum(days_count) AS days_count, sum(reopened) AS reopened, sum(households) AS households,
           sum(follow_up_score) AS follow_up_score, sum(follow_ups) AS follow_ups, count(*) AS n
      FROM moved
     GROUP BY area_id, unit_id, kind, status, deadline
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

-- Counts every live project again: after a TRUNCATE (which has no
-- transition table), and to build the tallies the first time. DELETE, not
-- TRUNCATE: a TRUNCATE naming the tallies too (a dump's restore) still holds
-- them while its trigger runs.
CREATE FUNCTION rebuild_project_tallies() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM project_tally_changes;
  DELETE FROM project_tallies;
  EXECUTE append_tally_changes_sql(project_tally_rows_sql('projects', 1, 'join'));
  PERFORM compact_project_tallies();
END $$;

CREATE FUNCTION truncate_project_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rebuild_project_tallies();
  RETURN NULL;
END $$;

CREATE TRIGGER projects_tallies_truncate AFTER TRUNCATE ON projects
  FOR EACH STATEMENT EXECUTE FUNCTION truncate_project_tallies();
CREATE TRIGGER follow_ups_tallies_truncate AFTER TRUNCATE ON project_follow_ups
  FOR EACH STATEMENT EXECUTE FUNCTION truncate_project_tallies();

SELECT rebuild_project_tallies();
