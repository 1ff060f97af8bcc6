-- The dashboard's and the weekly summary's lists of overdue work, read from
-- indexes instead of from every project in scope (queries/dashboard.ts,
-- overdueToday and overdueOn): open work by deadline; work completed, by the
-- day; and the cancelled steps of the record, by time. Work closed long ago
-- is in none of them.
CREATE INDEX projects_open_deadline_idx ON projects (deadline, id)
  WHERE deleted_at IS NULL AND status IN ('reported', 'assigned', 'in_progress');
CREATE INDEX projects_completed_on_idx ON projects (completed_on) WHERE deleted_at IS NULL;
CREATE INDEX project_history_cancelled_idx ON project_history (at) WHERE to_status = 'cancelled';
