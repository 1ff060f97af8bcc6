-- The dashboard's weekly trend and the weekly summary, kept as sums per day.
-- Counted from the projects, twelve weeks of figures read every project in
-- scope and its history: 2.2 s for all districts at a million projects on
-- PostgreSQL. Here each live project adds, on the days its record names, one
-- to the column of what happened that day (migration 0011 keeps the figures
-- of today; this one keeps the dated ones):
--
--   reported_on           reported, and `opens` (it is open from that day)
--   first assigned step   assigned (a history timestamp, as a date in the
--                         districts' time zone: tally_time_zone())
--   completed_on          completed
--   verified_on           verified
--   closed_on             `closes` (it is open until the day before)
--   deadline + 1          `overdue_opens` (overdue from that day, if still open
--                         then; from reported_on if that is later)
--   closed_on             `overdue_closes`, when it was overdue before
--
-- closed_on is as in domain/dashboard.ts (ProjectTimeline): completed_on for
-- done work, the first cancelled step for cancelled work, else none; the
-- report day when that date is missing. A week's "open at end" is then the
-- projects open now (migration 0011) less the opens and plus the closes
-- after its as_of day, and likewise for overdue: only the days from the
-- first week on are read.
--
-- As in 0011, writers append changes (project_day_tally_changes), a
-- compaction folds them in, and readers sum both.

-- The time zone in which history timestamps become days. The server sets it
-- to its own (APP_TIMEZONE) at start; readers asking in another time zone
-- count from the projects instead (queries/dashboard.ts).
CREATE TABLE tally_settings (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  time_zone  text NOT NULL
);
INSERT INTO tally_settings (time_zone) VALUES ('Asia/Shanghai');

CREATE FUNCTION tally_time_zone() RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT time_zone FROM tally_settings $$;

CREATE TABLE project_day_tallies (
  area_id         integer,
  unit_id         integer,
  kind            text NOT NULL,
  day             date NOT NULL,
  reported        integer NOT NULL,
  assigned        integer NOT NULL,
  completed       integer NOT NULL,
  verified        integer NOT NULL,
  opens           integer NOT NULL,
  closes          integer NOT NULL,
  overdue_opens   integer NOT NULL,
  overdue_closes  integer NOT NULL,
  UNIQUE NULLS NOT DISTINCT (area_id, unit_id, kind, day)
);
-- A trend reads the days from its first week on.
CREATE INDEX project_day_tallies_day_idx ON project_day_tallies (day);

CREATE TABLE project_day_tally_changes (LIKE project_day_tallies);

COMMENT ON TABLE project_day_tallies IS
  'Derived: what happened to projects on each day, per area, unit and kind, for the weekly figures. Add project_day_tally_changes to read. Kept by triggers (migration 0012).';
COMMENT ON TABLE project_day_tally_changes IS
  'Derived: changes to project_day_tallies not yet folded in by compact_project_tallies() (migration 0012).';

-- The days of the first assigned and cancelled steps among the history rows
-- matching `condition`, in the districts' time zone; grouped by `by` if given.
CREATE FUNCTION first_steps_sql(condition text, by text DEFAULT NULL) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$SELECT %2$s
           (min(h.at) FILTER (WHERE h.to_status = 'assigned') AT TIME ZONE tally_time_zone())::date AS assigned_on,
           (min(h.at) FILTER (WHERE h.to_status = 'cancelled') AT TIME ZONE tally_time_zone())::date AS cancelled_on
      FROM project_history h
     WHERE h.to_status IN ('assigned', 'cancelled') AND %1$s %3$s$f$,
    condition, coalesce(by || ' AS project_id,', ''), coalesce('GROUP BY ' || by, ''))
$$;

-- The SELECT of what the live projects `rows` add to each day, times `sign`.
-- `history`: how their first assigned and cancelled steps are found —
-- 'none' (new projects have no history yet), 'lookup' (one project at a
-- time), 'join' (every project, for a rebuild), or 'lookup before' (one at a
-- time, leaving out the history rows a statement added: the steps as they
-- were before it).
CREATE FUNCTION project_day_tally_rows_sql(rows text, sign integer, history text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    SELECT r.area_id, r.unit_id, r.kind, e.day,
           %2$s * e.reported AS reported, %2$s * e.assigned AS assigned, %2$s * e.completed AS completed,
           %2$s * e.verified AS verified, %2$s * e.opens AS opens, %2$s * e.closes AS closes,
           %2$s * e.overdue_opens AS overdue_opens, %2$s * e.overdue_closes AS overdue_closes
      FROM %1$s r
      %3$s
      CROSS JOIN LATERAL (
        SELECT CASE
                 WHEN r.status IN ('completed', 'verified') THEN coalesce(r.completed_on, r.reported_on)
                 WHEN r.status = 'cancelled' THEN coalesce(s.cancelled_on, r.reported_on)
               END AS closed_on,
               -- greatest() skips a null: no deadline, never overdue.
               CASE WHEN r.deadline IS NOT NULL THEN greatest(r.reported_on, r.deadline + 1) END AS overdue_from
      ) c
      CROSS JOIN LATERAL (VALUES
        (r.reported_on,  1, 0, 0, 0, CASE WHEN c.closed_on IS NULL OR c.closed_on > r.reported_on THEN 1 ELSE 0 END, 0, 0, 0),
        (s.assigned_on,  0, 1, 0, 0, 0, 0, 0, 0),
        (r.completed_on, 0, 0, 1, 0, 0, 0, 0, 0),
        (r.verified_on,  0, 0, 0, 1, 0, 0, 0, 0),
        (c.closed_on,    0, 0, 0, 0, 0, CASE WHEN c.closed_on > r.reported_on THEN 1 ELSE 0 END,
                                     0, CASE WHEN c.closed_on > c.overdue_from THEN 1 ELSE 0 END),
        (c.overdue_from, 0, 0, 0, 0, 0, 0, CASE WHEN c.closed_on IS NULL OR c.closed_on > c.overdue_from THEN 1 ELSE 0 END, 0)
      ) e(day, reported, assigned, completed, verified, opens, closes, overdue_opens, overdue_closes)
     WHERE r.deleted_at IS NULL AND e.day IS NOT NULL$f$, rows, sign, CASE history
       WHEN 'none' THEN 'CROSS JOIN (SELECT NULL::date AS assigned_on, NULL::date AS cancelled_on) s'
       WHEN 'lookup' THEN 'LEFT JOIN LATERAL (' || first_steps_sql('h.project_id = r.id') || ') s ON true'
       WHEN 'lookup before' THEN 'LEFT JOIN LATERAL ('
         || first_steps_sql('h.project_id = r.id AND h.id NOT IN (SELECT id FROM new_rows)') || ') s ON true'
       WHEN 'join' THEN 'LEFT JOIN (' || first_steps_sql('true', 'h.project_id') || ') s ON s.project_id = r.id'
     END)
$$;

-- The INSERT appending the sum by day of `parts`, leaving out days where everything cancels.
CREATE FUNCTION append_day_tally_changes_sql(parts text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    INSERT INTO project_day_tally_changes
    SELECT area_id, unit_id, kind, day, sum(reported), sum(assigned), sum(completed), sum(verified),
           sum(opens), sum(closes), sum(overdue_opens), sum(overdue_closes)
      FROM (%s) parts
     GROUP BY area_id, unit_id, kind, day
    HAVING sum(reported) <> 0 OR sum(assigned) <> 0 OR sum(completed) <> 0 OR sum(verified) <> 0
        OR sum(opens) <> 0 OR sum(closes) <> 0 OR sum(overdue_opens) <> 0 OR sum(overdue_closes) <> 0$f$, parts)
$$;

-- An update's rows whose tallies can differ (now also the day of verification).
CREATE OR REPLACE FUNCTION tally_moved_rows_sql(side text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$(SELECT %1$s.* FROM old_rows o JOIN new_rows n USING (id)
     WHERE (o.area_id, o.unit_id, o.kind, o.status, o.deadline, o.reported_on, o.completed_on, o.verified_on,
            o.reopen_count > 0, o.households_benefited, o.deleted_at IS NULL)
           IS DISTINCT FROM
           (n.area_id, n.unit_id, n.kind, n.status, n.deadline, n.reported_on, n.completed_on, n.verified_on,
            n.reopen_count > 0, n.households_benefited, n.deleted_at IS NULL))$f$, side)
$$;

CREATE OR REPLACE FUNCTION projects_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- A new project has no follow-ups and no history yet: they reference it.
    EXECUTE append_tally_changes_sql(project_tally_rows_sql('new_rows', 1, 'none'));
    EXECUTE append_day_tally_changes_sql(project_day_tally_rows_sql('new_rows', 1, 'none'));
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE append_tally_changes_sql(project_tally_rows_sql('old_rows', -1, 'lookup'));
    EXECUTE append_day_tally_changes_sql(project_day_tally_rows_sql('old_rows', -1, 'lookup'));
  ELSE
    EXECUTE append_tally_changes_sql(
      project_tally_rows_sql(tally_moved_rows_sql('o'), -1, 'lookup')
      || ' UNION ALL ' ||
      project_tally_rows_sql(tally_moved_rows_sql('n'), 1, 'lookup'));
    EXECUTE append_day_tally_changes_sql(
      project_day_tally_rows_sql(tally_moved_rows_sql('o'), -1, 'lookup')
      || ' UNION ALL ' ||
      project_day_tally_rows_sql(tally_moved_rows_sql('n'), 1, 'lookup'));
  END IF;
  RETURN NULL;
END $$;

-- History is append-only: a first assigned or cancelled step moves its
-- project's days; a later one changes nothing (the two sides cancel).
CREATE FUNCTION history_day_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stepped constant text := '(SELECT p.* FROM projects p
     WHERE p.id IN (SELECT project_id FROM new_rows WHERE to_status IN (''assigned'', ''cancelled'')))';
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows WHERE to_status IN ('assigned', 'cancelled')) THEN
    EXECUTE append_day_tally_changes_sql(
      project_day_tally_rows_sql(stepped, -1, 'lookup before') || ' UNION ALL ' || project_day_tally_rows_sql(stepped, 1, 'lookup'));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER project_history_day_tallies AFTER INSERT ON project_history
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION history_day_tallies();

-- Folds both kinds of tally changes in (see 0011); returns how many change rows it folded.
CREATE FUNCTION compact_project_day_tallies() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer;
BEGIN
  WITH moved AS (
    DELETE FROM project_day_tally_changes RETURNING *
  ), sums AS (
    SELECT area_id, unit_id, kind, day, sum(reported) AS reported, sum(assigned) AS assigned, sum(completed) AS completed,
           sum(verified) AS verified, sum(opens) AS opens, sum(closes) AS closes, sum(overdue_opens) AS overdue_opens,
           sum(overdue_closes) AS overdue_closes, count(*) AS n
      FROM moved
     GROUP BY area_id, unit_id, kind, day
  ), folded_in AS (
    INSERT INTO project_day_tallies AS t
    SELECT area_id, unit_id, kind, day, reported, assigned, completed, verified, opens, closes, overdue_opens, overdue_closes
      FROM sums
     ORDER BY area_id, unit_id, kind, day
    ON CONFLICT (area_id, unit_id, kind, day) DO UPDATE
       SET reported = t.reported + EXCLUDED.reported, assigned = t.assigned + EXCLUDED.assigned,
           completed = t.completed + EXCLUDED.completed, verified = t.verified + EXCLUDED.verified,
           opens = t.opens + EXCLUDED.opens, closes = t.closes + EXCLUDED.closes,
           overdue_opens = t.overdue_opens + EXCLUDED.overdue_opens, overdue_closes = t.overdue_closes + EXCLUDED.overdue_closes
  )
  SELECT coalesce(sum(n), 0)::integer INTO folded FROM sums;
  DELETE FROM project_day_tallies
   WHERE reported = 0 AND assigned = 0 AND completed = 0 AND verified = 0
     AND opens = 0 AND closes = 0 AND overdue_opens = 0 AND overdue_closes = 0;
  RETURN folded;
END $$;

CREATE FUNCTION rebuild_project_day_tallies() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM project_day_tally_changes;
  DELETE FROM project_day_tallies;
  EXECUTE append_day_tally_changes_sql(project_day_tally_rows_sql('projects', 1, 'join'));
  PERFORM compact_project_day_tallies();
END $$;

-- Both kinds of tallies, counted again (after a TRUNCATE of projects or follow-ups).
CREATE OR REPLACE FUNCTION rebuild_project_tallies() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM project_tally_changes;
  DELETE FROM project_tallies;
  EXECUTE append_tally_changes_sql(project_tally_rows_sql('projects', 1, 'join'));
  PERFORM compact_project_tallies();
  PERFORM rebuild_project_day_tallies();
END $$;

CREATE FUNCTION truncate_project_day_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rebuild_project_day_tallies();
  RETURN NULL;
END $$;

CREATE TRIGGER project_history_day_tallies_truncate AFTER TRUNCATE ON project_history
  FOR EACH STATEMENT EXECUTE FUNCTION truncate_project_day_tallies();

-- Sets the time zone of the days and, when it changes, counts them again.
CREATE FUNCTION set_tally_time_zone(zone text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM now() AT TIME ZONE zone; -- an unknown zone fails here, before anything changes
  IF zone = tally_time_zone() THEN
    RETURN false;
  END IF;
  UPDATE tally_settings SET time_zone = zone;
  PERFORM rebuild_project_day_tallies();
  RETURN true;
END $$;

SELECT rebuild_project_day_tallies();
