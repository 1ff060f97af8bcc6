-- Boundary imports (issue 25): a district's Shapefile, GeoJSON or KML goes
-- in as a file, is previewed area by area, then written in one transaction,
-- as ledgers are (0006). The file's features are kept, gzip-compressed, in
-- their own coordinate system until the import is committed, so the admin
-- may correct the system and preview again.
CREATE TABLE area_imports (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  file_name     text NOT NULL,
  byte_size     integer NOT NULL CHECK (byte_size >= 0),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  -- the file's layers: name, format, columns and samples, coordinate system, encoding
  outline       jsonb NOT NULL,
  features      bytea,
  options       jsonb,
  state         text NOT NULL DEFAULT 'uploaded'
                CHECK (state IN ('uploaded', 'analysing', 'previewed', 'committing', 'committed', 'failed')),
  counts        jsonb,
  -- what the preview found beyond single rows: the gaps each parent is left with
  findings      jsonb,
  error         jsonb,
  committed_at  timestamptz,
  runner        text,
  heartbeat_at  timestamptz
);

-- One row per feature of the chosen layer, its boundary in WGS-84 as read
-- (raw) and as it will be stored (geom: repaired, polygons only).
CREATE TABLE area_import_rows (
  import_id   bigint NOT NULL REFERENCES area_imports(id) ON DELETE CASCADE,
  row_number  integer NOT NULL,
  name        text,
  name_en     text,
  code        text,
  parent_ref  text,
  parent_id   integer REFERENCES areas(id),
  area_id     integer REFERENCES areas(id),
  outcome     text NOT NULL DEFAULT 'create' CHECK (outcome IN ('create', 'update', 'rejected')),
  problems    jsonb NOT NULL DEFAULT '[]',
  warnings    jsonb NOT NULL DEFAULT '[]',
  raw         geometry(Geometry, 4326),
  geom        geometry(MultiPolygon, 4326),
  PRIMARY KEY (import_id, row_number)
);
CREATE INDEX area_import_rows_geom_idx ON area_import_rows USING gist (geom);
