-- A district's charging figures count its own working sites and their piles
-- (chargingCoverage in queries/coverage.ts). Without an index by area the
-- only way in was every working site of the prefecture: 135,000 of them read
-- to keep the district's 2,000, 175 ms of a 200 ms query at 1,000,000
-- projects. The predicate is FINISHED's, as in migration 0008.
CREATE INDEX projects_working_sites_area_idx ON projects (area_id)
  WHERE kind = 'charging' AND status IN ('completed', 'verified') AND deleted_at IS NULL;
