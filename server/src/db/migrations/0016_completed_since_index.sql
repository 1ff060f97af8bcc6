-- The weekly summary's overdue list finds the work completed since a past
-- week's end by its completion day (overdueOn in queries/dashboard.ts), then
-- sorts it by deadline. Through projects_completed_on_idx (migration 0013)
-- each candidate was read from the table to check its status, deadline,
-- report day, kind and area: at 1,000,000 projects, 35,102 rows from 19,493
-- pages to keep 4,999, 84 ms. This index holds only finished work and
-- carries those columns, so the scan never leaves it (4 ms). The predicate
-- is DONE's, as the query writes it.
CREATE INDEX projects_completed_since_idx ON projects (completed_on) INCLUDE (deadline, reported_on, kind, area_id, id)
  WHERE deleted_at IS NULL AND status IN ('completed', 'verified');
DROP INDEX projects_completed_on_idx;
