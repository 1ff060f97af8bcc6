-- Charging coverage asks, for each compound, "is a working charging site within
-- R metres?". Probing projects_geog_idx (every project) cost ~50 µs per compound
-- in geography arithmetic: a second at 20,000 compounds among 1M projects. This
-- index holds only the working sites, in Web Mercator, so the question becomes
-- a planar probe; queries recheck on the spheroid only the pairs whose
-- Mercator distance cannot decide (see workingSiteWithin in queries/fragments.ts).
-- The predicate must match the one the queries write (FINISHED), or the planner
-- cannot use the index.
CREATE INDEX projects_working_sites_mercator_idx ON projects USING gist (ST_Transform(geom, 3857))
  WHERE kind = 'charging' AND status IN ('completed', 'verified') AND deleted_at IS NULL;
