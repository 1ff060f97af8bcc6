-- The dashboard's and the weekly summary's lists of overdue work walked the
-- index of open work by deadline (migration 0013) and kept what lies in the
-- area asked for. For all districts, or a busy one, the page fills at once;
-- for a district with little work it read the whole prefecture's open work
-- first: 600,000 entries and 0.86 s at 1,000,000 projects for a district with
-- 48 projects. With this index an area's list takes the first page of each
-- of its areas, most overdue first, and sorts those (queries/dashboard.ts,
-- openOverdueCandidates).
CREATE INDEX projects_open_area_deadline_idx ON projects (area_id, deadline, id)
  WHERE deleted_at IS NULL AND status IN ('reported', 'assigned', 'in_progress');
