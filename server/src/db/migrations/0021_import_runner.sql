-- Which server process works on an import, and when it last said so: an
-- import left analysing or committing by a process that stopped can be
-- taken up again (by preview, or by commit when the stopped step was the
-- commit, whose one transaction wrote nothing), while one that another
-- live server works on stays busy.
ALTER TABLE ledger_imports
  -- host:pid of the process working on it; NULL when no step is running.
  ADD COLUMN runner        text,
  -- Moved on every few seconds while the step runs.
  ADD COLUMN heartbeat_at  timestamptz;
