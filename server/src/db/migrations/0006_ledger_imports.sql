-- Ledgers (台账) imported from Excel/CSV: which project each ledger row became,
-- the column mapping each ledger was confirmed with, and the imports
-- themselves with their row-by-row preview.

-- A ledger is named by the planner (the file's name by default). Its keys
-- (序号, or a column the planner chose) are unique within it, so re-importing
-- it updates the projects it created instead of duplicating them.
CREATE TABLE ledgers (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name              text NOT NULL CHECK (length(btrim(name)) > 0),
  -- Normalised header → field (or null: ignored), as last confirmed.
  mapping           jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(mapping) = 'object'),
  -- The normalised headers in order: a new ledger with the same columns starts from this mapping.
  header_signature  text NOT NULL DEFAULT '',
  crs               text NOT NULL DEFAULT 'wgs84' CHECK (crs IN ('wgs84', 'gcj02')),
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ledgers_name_idx ON ledgers (lower(name));

-- The project each ledger key stands for, and its version when the ledger last
-- wrote it: a project whose version moved on since was changed in the app, and
-- a re-import reports it as a conflict instead of overwriting it.
CREATE TABLE ledger_keys (
  ledger_id         integer NOT NULL REFERENCES ledgers (id),
  row_key           text NOT NULL,
  project_id        bigint NOT NULL REFERENCES projects (id),
  imported_version  integer NOT NULL,
  imported_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ledger_id, row_key)
);
CREATE INDEX ledger_keys_project_idx ON ledger_keys (project_id);

CREATE TABLE ledger_imports (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  file_name       text NOT NULL,
  byte_size       integer NOT NULL CHECK (byte_size >= 0),
  -- The cells of each sheet as read ([{name, rows}]), kept until the import is
  -- committed so the mapping can be changed and the preview run again.
  sheets          jsonb,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- The sheets, their header rows and the guessed mapping, as shown to the user.
  outline         jsonb NOT NULL,
  ledger_id       integer REFERENCES ledgers (id),
  options         jsonb,
  state           text NOT NULL DEFAULT 'uploaded'
                    CHECK (state IN ('uploaded', 'analysing', 'previewed', 'committing', 'committed', 'failed')),
  progress_done   integer NOT NULL DEFAULT 0,
  progress_total  integer NOT NULL DEFAULT 0,
  counts          jsonb,
  error           jsonb,
  committed_at    timestamptz
);

-- One row of an imported sheet and what the preview decided for it. Committed
-- imports keep their rows: they say what each ledger row did, and hold the
-- unplaced rows until a planner places them on the map.
CREATE TABLE ledger_import_rows (
  import_id          bigint NOT NULL REFERENCES ledger_imports (id) ON DELETE CASCADE,
  -- As Excel numbers it (1-based).
  row_number         integer NOT NULL,
  row_key            text,
  outcome            text NOT NULL CHECK (outcome IN ('create', 'update', 'unchanged', 'conflict', 'rejected', 'unplaced')),
  -- The row's cells as read, for the workbook of rejected rows.
  cells              jsonb NOT NULL,
  -- What will be written: the project's fields, and its geometry as GeoJSON.
  record             jsonb,
  geometry           jsonb,
  project_id         bigint,
  base_version       integer,
  changes            jsonb,
  problems           jsonb NOT NULL DEFAULT '[]'::jsonb,
  warnings           jsonb NOT NULL DEFAULT '[]'::jsonb,
  placed_project_id  bigint REFERENCES projects (id),
  PRIMARY KEY (import_id, row_number)
);
CREATE INDEX ledger_import_rows_outcome_idx ON ledger_import_rows (import_id, outcome, row_number);
