-- Units, staff and compounds loaded from a district's own lists (单位名录,
-- 人员名单, 小区名录) rather than entered one at a time (issue 25).
--
-- A list file is kept from its upload until it is committed: the admin maps
-- its columns and previews it in between. Its sheets are gzip-compressed JSON,
-- as a ledger import's are (migration 0022), and are dropped at commit.
CREATE TABLE list_imports (
  id            bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  kind          text NOT NULL CHECK (kind IN ('units', 'staff', 'compounds')),
  file_name     text NOT NULL,
  byte_size     integer NOT NULL CHECK (byte_size >= 0),
  sheets        bytea,
  sheet_name    text,
  header_row    integer CHECK (header_row >= 0),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  committed_at  timestamptz,
  counts        jsonb,
  CHECK ((committed_at IS NULL) = (sheets IS NOT NULL))
);
COMMENT ON TABLE list_imports IS 'A units, staff or compounds list being imported: uploaded, previewed, committed (migration 0026).';

-- The area (street or community) a member of staff works in, as the staff
-- list names it. Recorded and shown today; a later issue (27) makes it the
-- user's jurisdiction. An area removed leaves its staff without one.
ALTER TABLE users ADD COLUMN area_id integer REFERENCES areas(id) ON DELETE SET NULL;

-- A compound's address as the list gives it (门牌, 路名).
ALTER TABLE compounds ADD COLUMN address text CHECK (length(address) <= 300);
