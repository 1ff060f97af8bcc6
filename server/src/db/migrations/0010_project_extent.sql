-- The project list's window test (`bbox=`), answered from an index alone.
-- The spatial index on geom finds a window's projects quickly, but it cannot
-- hand back their ids: PostgreSQL then reads every row in the window from
-- its page to sort by id for the page — at a million projects, 2,233 rows on
-- 2,071 pages for a 2 × 2 km window, most of the list's time. A GiST index on
-- PostgreSQL's own box type can return what it holds, so with the id
-- included the list picks its page of ids by an index-only scan and reads
-- only the rows of the page. The extent is the geometry's bounding box, as
-- `geom && envelope` tested before, but exact (that test rounds outward to
-- single precision).
ALTER TABLE projects ADD COLUMN extent box GENERATED ALWAYS AS (box(geom)) STORED;
CREATE INDEX projects_extent_idx ON projects USING gist (extent) INCLUDE (id) WHERE deleted_at IS NULL;
