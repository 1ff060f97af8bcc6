-- Overview tiles (below zoom 14) pick one project per cell of a grid by its
-- position, kind, status and deadline (queries/tiles.ts). They read every
-- project in the tile from its page: at 1,000,000 projects the densest z10
-- tile holds 214,000, read from 25,000 pages and each moved to web mercator
-- by ST_Transform, then sorted on disk by a text key: 0.93 s. This index of
-- extents carries those columns, so the overview is an index-only scan
-- whose cells are computed from the extent's corner (0.22 s). It is kept
-- apart from projects_extent_idx (migration 0010), whose narrower entries
-- the list's page of ids reads.
CREATE INDEX projects_overview_idx ON projects USING gist (extent) INCLUDE (id, kind, status, deadline) WHERE deleted_at IS NULL;
