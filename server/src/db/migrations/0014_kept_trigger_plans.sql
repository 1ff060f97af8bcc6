-- Statement triggers: plans kept for small writes, made afresh for bulk ones.
--
-- 1. The tally triggers of migrations 0011 and 0012 built their statements
--    from the *_sql generators and EXECUTEd them, so every write to projects,
--    follow-ups or history planned two to six statements afresh: about 2 ms
--    on PostgreSQL for an edit of a title, which changes no tally. A static
--    statement in a PL/pgSQL function is planned once per connection and its
--    plan kept (0.2-0.8 ms for the same edits). The functions are rebuilt
--    here from the same generators, so each statement still has one source.
--    PL/pgSQL resolves a statement's tables when it first runs it, so the
--    branch reading old_rows is never looked at on INSERT.
--
-- 2. A kept plan reads no parameters, so it is made for the row counts of the
--    transition tables of the first statement that runs it and kept for every
--    later one. Made for one row, it joins a statement's old and new rows by
--    nested loop: the charging reach trigger of migration 0009, after a
--    one-row edit on the same connection, took 20 s instead of 34 ms to update
--    30,000 projects, and the tallies' statements did not finish in ten
--    minutes at 100,000. So a trigger uses its kept plan only for a statement
--    of up to 64 rows; a bigger one (an import, a bulk change) EXECUTEs the
--    same text, planned for its own size.

-- PL/pgSQL running `statement` (INTO the variables `targets`, if given) with
-- its kept plan when the transition table `rows` has few rows, or planned
-- afresh when it has many.
CREATE FUNCTION pg_temp.kept_unless_bulk(statement text, rows text, targets text DEFAULT NULL) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$IF NOT EXISTS (SELECT 1 FROM %2$s OFFSET 64) THEN
          %1$s %3$s;
        ELSE
          EXECUTE %4$L %3$s;
        END IF;$f$, statement, rows, coalesce('INTO ' || targets, ''), statement)
$$;

DO $migration$
DECLARE
  -- The projects of the history rows that are assigned or cancelled steps.
  stepped constant text := '(SELECT p.* FROM projects p
     WHERE p.id IN (SELECT project_id FROM new_rows WHERE to_status IN (''assigned'', ''cancelled'')))';
  -- The working charging sites an update removed and added (0009).
  sites_moved constant text := $q$
    SELECT array_agg(o.geom) FILTER (WHERE o.working AND (NOT n.working OR o.geom IS DISTINCT FROM n.geom)),
           array_agg(n.geom) FILTER (WHERE n.working AND (NOT o.working OR o.geom IS DISTINCT FROM n.geom))
      FROM (SELECT id, geom, kind = 'charging' AND status IN ('completed', 'verified') AND deleted_at IS NULL AS working FROM old_rows) o
      JOIN (SELECT id, geom, kind = 'charging' AND status IN ('completed', 'verified') AND deleted_at IS NULL AS working FROM new_rows) n
        USING (id)
     WHERE o.working OR n.working$q$;
  -- The compounds an update moved (0009).
  compounds_moved constant text :=
    'SELECT ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o USING (id) WHERE o.geom IS DISTINCT FROM n.geom)';
BEGIN
  EXECUTE format($fn$
    CREATE OR REPLACE FUNCTION projects_tallies() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        -- A new project has no follow-ups and no history yet: they reference it.
        %1$s
        %2$s
      ELSIF TG_OP = 'DELETE' THEN
        %3$s
        %4$s
      ELSE
        %5$s
        %6$s
      END IF;
      RETURN NULL;
    END $body$ $fn$,
    pg_temp.kept_unless_bulk(append_tally_changes_sql(project_tally_rows_sql('new_rows', 1, 'none')), 'new_rows'),
    pg_temp.kept_unless_bulk(append_day_tally_changes_sql(project_day_tally_rows_sql('new_rows', 1, 'none')), 'new_rows'),
    pg_temp.kept_unless_bulk(append_tally_changes_sql(project_tally_rows_sql('old_rows', -1, 'lookup')), 'old_rows'),
    pg_temp.kept_unless_bulk(append_day_tally_changes_sql(project_day_tally_rows_sql('old_rows', -1, 'lookup')), 'old_rows'),
    pg_temp.kept_unless_bulk(append_tally_changes_sql(
      project_tally_rows_sql(tally_moved_rows_sql('o'), -1, 'lookup')
      || ' UNION ALL ' ||
      project_tally_rows_sql(tally_moved_rows_sql('n'), 1, 'lookup')), 'new_rows'),
    pg_temp.kept_unless_bulk(append_day_tally_changes_sql(
      project_day_tally_rows_sql(tally_moved_rows_sql('o'), -1, 'lookup')
      || ' UNION ALL ' ||
      project_day_tally_rows_sql(tally_moved_rows_sql('n'), 1, 'lookup')), 'new_rows'));

  EXECUTE format($fn$
    CREATE OR REPLACE FUNCTION follow_ups_tallies() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        %1$s
      ELSIF TG_OP = 'DELETE' THEN
        %2$s
      ELSE
        %3$s
      END IF;
      RETURN NULL;
    END $body$ $fn$,
    pg_temp.kept_unless_bulk(append_tally_changes_sql(follow_ups_tally_rows_sql('new_rows', 1)), 'new_rows'),
    pg_temp.kept_unless_bulk(append_tally_changes_sql(follow_ups_tally_rows_sql('old_rows', -1)), 'old_rows'),
    pg_temp.kept_unless_bulk(append_tally_changes_sql(
      follow_ups_tally_rows_sql('old_rows', -1) || ' UNION ALL ' || follow_ups_tally_rows_sql('new_rows', 1)), 'new_rows'));

  -- History is append-only: a first assigned or cancelled step moves its
  -- project's days; a later one changes nothing (the two sides cancel).
  EXECUTE format($fn$
    CREATE OR REPLACE FUNCTION history_day_tallies() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
      IF EXISTS (SELECT 1 FROM new_rows WHERE to_status IN ('assigned', 'cancelled')) THEN
        %1$s
      END IF;
      RETURN NULL;
    END $body$ $fn$,
    pg_temp.kept_unless_bulk(append_day_tally_changes_sql(
      project_day_tally_rows_sql(stepped, -1, 'lookup before') || ' UNION ALL ' || project_day_tally_rows_sql(stepped, 1, 'lookup')),
      'new_rows'));

  EXECUTE format($fn$
    CREATE OR REPLACE FUNCTION projects_charging_reach() RETURNS trigger LANGUAGE plpgsql AS $body$
    DECLARE
      removed geometry[];
      added geometry[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        added := ARRAY(SELECT n.geom FROM new_rows n
                        WHERE n.kind = 'charging' AND n.status IN ('completed', 'verified') AND n.deleted_at IS NULL);
      ELSIF TG_OP = 'DELETE' THEN
        removed := ARRAY(SELECT o.geom FROM old_rows o
                          WHERE o.kind = 'charging' AND o.status IN ('completed', 'verified') AND o.deleted_at IS NULL);
      ELSE
        %1$s
      END IF;
      PERFORM refresh_charging_reach(removed, added);
      RETURN NULL;
    END $body$ $fn$,
    pg_temp.kept_unless_bulk(sites_moved, 'new_rows', 'removed, added'));

  EXECUTE format($fn$
    CREATE OR REPLACE FUNCTION compounds_charging_reach() RETURNS trigger LANGUAGE plpgsql AS $body$
    DECLARE
      changed bigint[];
    BEGIN
      IF TG_OP = 'DELETE' THEN
        DELETE FROM compound_charging_reach r USING old_rows o WHERE r.compound_id = o.id;
        RETURN NULL;
      END IF;
      IF TG_OP = 'INSERT' THEN
        changed := ARRAY(SELECT n.id FROM new_rows n);
      ELSE
        %1$s
      END IF;
      IF cardinality(changed) > 0 THEN
        PERFORM pg_advisory_xact_lock(4304071);
        PERFORM recompute_charging_reach(changed);
      END IF;
      RETURN NULL;
    END $body$ $fn$,
    pg_temp.kept_unless_bulk(compounds_moved, 'new_rows', 'changed'));
END
$migration$;

DROP FUNCTION pg_temp.kept_unless_bulk(text, text, text);
