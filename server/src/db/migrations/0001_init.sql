-- Minsheng Map: the base data model.
-- Runs on PostgreSQL 15 / PostGIS 3.3 (Debian) and PostgreSQL 18 / PostGIS 3.6 (PGlite):
-- only features both have are used here.

-- Administrative areas: district (county level) → street (街道/乡镇) → community (社区/村).
CREATE TABLE areas (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  name_en     text NOT NULL,
  level       text NOT NULL CHECK (level IN ('district', 'street', 'community')),
  parent_id   integer REFERENCES areas (id),
  prefecture  text,
  geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  is_demo     boolean NOT NULL DEFAULT false,
  -- A district has no parent; streets and communities always have one.
  CHECK ((level = 'district') = (parent_id IS NULL))
);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);
CREATE INDEX areas_parent_idx ON areas (parent_id);

-- Responsible units (责任单位): a street office, a bureau, a utility company.
CREATE TABLE units (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL,
  name_en      text,
  district_id  integer REFERENCES areas (id),
  is_demo      boolean NOT NULL DEFAULT false,
  UNIQUE (district_id, name)
);

-- The kinds of project. Rows are written at start from the registry in
-- server/src/domain/kinds, so a new kind is one definition in code; the table
-- lets the database itself refuse a geometry type the kind does not allow.
CREATE TABLE project_kinds (
  code                     text PRIMARY KEY,
  geometry_types           text[] NOT NULL,
  default_time_limit_days  integer NOT NULL CHECK (default_time_limit_days > 0)
);

CREATE TABLE projects (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind                 text NOT NULL REFERENCES project_kinds (code),
  geom                 geometry(Geometry, 4326) NOT NULL
                         CHECK (ST_NDims(geom) = 2 AND NOT ST_IsEmpty(geom) AND ST_IsValid(geom)),
  title                text NOT NULL CHECK (length(btrim(title)) > 0),
  description          text,
  address              text,
  status               text NOT NULL DEFAULT 'reported'
                         CHECK (status IN ('reported', 'assigned', 'in_progress', 'completed', 'verified', 'cancelled')),
  unit_id              integer REFERENCES units (id),
  deadline             date,
  reported_on          date NOT NULL DEFAULT CURRENT_DATE,
  completed_on         date,
  verified_on          date,
  households_benefited integer CHECK (households_benefited >= 0),
  -- Derived from the geometry by the trigger below, never typed in.
  area_id              integer REFERENCES areas (id),
  attributes           jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attributes) = 'object'),
  -- Private: never shown to the public.
  reporter_name        text,
  reporter_phone       text,
  version              integer NOT NULL DEFAULT 1,
  is_demo              boolean NOT NULL DEFAULT false,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  deleted_at           timestamptz,
  CHECK (completed_on IS NULL OR completed_on >= reported_on),
  CHECK (verified_on IS NULL OR completed_on IS NULL OR verified_on >= completed_on)
);
CREATE INDEX projects_geom_idx ON projects USING gist (geom);
CREATE INDEX projects_area_idx ON projects (area_id) WHERE deleted_at IS NULL;
CREATE INDEX projects_kind_status_idx ON projects (kind, status) WHERE deleted_at IS NULL;
CREATE INDEX projects_unit_idx ON projects (unit_id) WHERE deleted_at IS NULL;
CREATE INDEX projects_deadline_idx ON projects (deadline) WHERE deleted_at IS NULL;

-- Append-only: every change to a project is one row, written in the same
-- transaction as the change.
CREATE TABLE project_history (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id   bigint NOT NULL REFERENCES projects (id),
  version      integer NOT NULL,
  action       text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'transition')),
  actor        text NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  from_status  text,
  to_status    text,
  -- For updates: { field: [old, new] } of the fields that changed.
  changes      jsonb NOT NULL DEFAULT '{}'::jsonb,
  note         text
);
CREATE INDEX project_history_project_idx ON project_history (project_id, id);

CREATE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'project_history is append-only';
END $$;
CREATE TRIGGER project_history_append_only
  BEFORE UPDATE OR DELETE ON project_history
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();

-- Reference layers that coverage measures need against.
CREATE TABLE compounds (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL,
  households  integer NOT NULL CHECK (households >= 0),
  year_built  integer CHECK (year_built BETWEEN 1900 AND 2100),
  geom        geometry(Geometry, 4326) NOT NULL
                CHECK (ST_GeometryType(geom) IN ('ST_Point', 'ST_Polygon', 'ST_MultiPolygon') AND ST_IsValid(geom)),
  area_id     integer REFERENCES areas (id),
  is_demo     boolean NOT NULL DEFAULT false
);
CREATE INDEX compounds_geom_idx ON compounds USING gist (geom);
CREATE INDEX compounds_area_idx ON compounds (area_id);

CREATE TABLE roads (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text,
  road_class  text,
  geom        geometry(Geometry, 4326) NOT NULL
                CHECK (ST_GeometryType(geom) IN ('ST_LineString', 'ST_MultiLineString') AND ST_IsValid(geom)),
  area_id     integer REFERENCES areas (id),
  is_demo     boolean NOT NULL DEFAULT false
);
CREATE INDEX roads_geom_idx ON roads USING gist (geom);
CREATE INDEX roads_area_idx ON roads (area_id);

-- The smallest area that holds a geometry: community before street before
-- district. A point on the surface stands for lines and polygons, so a road
-- stretch belongs to exactly one area even when it crosses a boundary.
CREATE FUNCTION area_containing(g geometry) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT a.id
    FROM areas a
   WHERE ST_Intersects(a.geom, ST_PointOnSurface(g))
   ORDER BY CASE a.level WHEN 'community' THEN 0 WHEN 'street' THEN 1 ELSE 2 END, a.id
   LIMIT 1
$$;

CREATE FUNCTION derive_area_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.area_id := area_containing(NEW.geom);
  RETURN NEW;
END $$;

CREATE FUNCTION check_project_geometry_type() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  allowed text[];
BEGIN
  SELECT geometry_types INTO allowed FROM project_kinds WHERE code = NEW.kind;
  IF NOT (substr(ST_GeometryType(NEW.geom), 4) = ANY (allowed)) THEN
    RAISE EXCEPTION 'geometry type % is not allowed for kind %', ST_GeometryType(NEW.geom), NEW.kind
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER projects_geometry_type
  BEFORE INSERT OR UPDATE OF geom, kind ON projects
  FOR EACH ROW EXECUTE FUNCTION check_project_geometry_type();
CREATE TRIGGER projects_area
  BEFORE INSERT OR UPDATE OF geom ON projects
  FOR EACH ROW EXECUTE FUNCTION derive_area_id();
CREATE TRIGGER compounds_area
  BEFORE INSERT OR UPDATE OF geom ON compounds
  FOR EACH ROW EXECUTE FUNCTION derive_area_id();
CREATE TRIGGER roads_area
  BEFORE INSERT OR UPDATE OF geom ON roads
  FOR EACH ROW EXECUTE FUNCTION derive_area_id();
