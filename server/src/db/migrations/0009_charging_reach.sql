-- Charging coverage asks, for every compound of an area, "is a working
-- charging site within R metres?". Asked with one index probe per compound
-- (migration 0008), a district of 20,000 compounds took 0.28 s on PostgreSQL
-- and 0.6 s on the embedded database, on every request and for every R.
--
-- This table keeps the answer for any R at once: for each compound with a
-- working charging site within charging_reach_cap() metres, the distance on
-- the spheroid to the nearest one (ST_Distance on geography, as the coverage
-- definition measures). Coverage at R is then the compounds with
-- nearest_m <= R, a sum over the area's compounds. A compound without a row
-- has no working site within the cap, which bounds every R the API accepts
-- (COVERAGE_BOUNDS.radius.maximum; a test holds the two together).
--
-- Statement triggers on projects and compounds keep it current, set-based so
-- that an import or a bulk load costs one pass, not one per row. A working
-- site is a charging project completed or verified and not deleted: the
-- predicate of projects_working_sites_mercator_idx, written the same way so
-- the planner uses that index.
CREATE TABLE compound_charging_reach (
  compound_id bigint PRIMARY KEY,
  nearest_m   double precision NOT NULL CHECK (nearest_m >= 0)
);

COMMENT ON TABLE compound_charging_reach IS
  'Derived: metres to the nearest working charging site, for compounds with one within charging_reach_cap(). Kept by triggers (migration 0009).';

CREATE FUNCTION charging_reach_cap() RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT 5000.0::double precision';

-- How many degrees of latitude, and of longitude at latitude `lat`, hold at
-- least `metres` on the ground: a degree of latitude is at least 110 km, one
-- of longitude at least 110 km × cos(latitude).
CREATE FUNCTION degrees_holding(metres double precision, lat double precision, OUT dlon double precision, OUT dlat double precision)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT metres / (110000.0 * cos(radians(least(89.0, abs(lat) + metres / 110000.0)))), metres / 110000.0
$$;

-- Metres (spheroid) from `place` to the nearest working charging site, or
-- NULL when none lies within the cap. Two probes of the working sites'
-- Mercator index: the Mercator-nearest site, then every site whose Mercator
-- distance could still belong to a nearer one on the spheroid. Mercator
-- stretches by 1 / cos(latitude) and differs from the spheroid by under
-- 0.5 % here, so a site nearer on the spheroid than the Mercator-nearest one
-- lies within its Mercator distance × 1.02 / 0.98 × cos(φ near) / cos(φ far),
-- with φ taken over the place widened by the reach (see workingSiteWithin).
CREATE FUNCTION nearest_working_site_m(place geometry) RETURNS double precision
  LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  reach constant double precision := 1.2 * charging_reach_cap() / 110000.0;
  mercator constant geometry := ST_Transform(place, 3857);
  near_cos constant double precision := cos(radians(greatest(0.0, least(abs(ST_YMax(place)), abs(ST_YMin(place))) - reach)));
  far_cos constant double precision := cos(radians(least(89.0, greatest(abs(ST_YMax(place)), abs(ST_YMin(place))) + reach)));
  first_m double precision;
  best double precision;
BEGIN
  SELECT ST_Distance(ST_Transform(site.geom, 3857), mercator) INTO first_m
    FROM projects site
   WHERE site.kind = 'charging' AND site.status IN ('completed', 'verified') AND site.deleted_at IS NULL
     AND ST_DWithin(ST_Transform(site.geom, 3857), mercator, charging_reach_cap() * 1.02 / far_cos)
   ORDER BY ST_Transform(site.geom, 3857) <-> mercator
   LIMIT 1;
  IF first_m IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT min(ST_Distance(site.geom::geography, place::geography)) INTO best
    FROM projects site
   WHERE site.kind = 'charging' AND site.status IN ('completed', 'verified') AND site.deleted_at IS NULL
     AND ST_DWithin(ST_Transform(site.geom, 3857), mercator, first_m * (1.02 / 0.98) * (near_cos / far_cos));
  RETURN CASE WHEN best <= charging_reach_cap() THEN best END;
END $$;

-- Recomputes the reach of the compounds that working sites appearing at
-- `added` or disappearing from `removed` can change. Taken under one lock,
-- held to the end of the transaction: each statement after it sees what the
-- transactions before committed, so two concurrent changes cannot each
-- compute from a view without the other.
--
-- A few sites: only the compounds within the cap of one of them whose
-- nearest distance it can change — a lower bound of the distance (degrees ×
-- 110 km × cos φ) under the compound's nearest for an added site, at most
-- the compound's nearest for a removed one. Many sites (an import, a bulk
-- load): every compound within the cap of their extent, once each.
CREATE FUNCTION refresh_charging_reach(removed geometry[], added geometry[]) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  changes constant integer := coalesce(cardinality(removed), 0) + coalesce(cardinality(added), 0);
  span box2d;
  margin record;
BEGIN
  IF changes = 0 THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(4304071);
  IF changes > 32 THEN
    SELECT ST_Extent(g) INTO span FROM unnest(removed || added) AS g;
    SELECT * INTO margin FROM degrees_holding(charging_reach_cap(), greatest(abs(ST_YMax(span)), abs(ST_YMin(span))));
    PERFORM recompute_charging_reach(ARRAY(
      SELECT c.id FROM compounds c WHERE c.geom && ST_Expand(span, margin.dlon, margin.dlat)));
    RETURN;
  END IF;
  PERFORM recompute_charging_reach(ARRAY(
    -- Each site's reach in degrees and its metres per degree (a lower bound), once per site, not per compound.
    WITH site AS MATERIALIZED (
      SELECT s.g, s.gone, ST_Expand(s.g, m.dlon, m.dlat) AS reach,
             110000.0 * cos(radians(least(89.0, abs(ST_Y(ST_PointOnSurface(s.g))) + m.dlat))) AS metres_per_degree
        FROM (SELECT g, false AS gone FROM unnest(added) AS g
              UNION ALL SELECT g, true FROM unnest(removed) AS g) s
       CROSS JOIN LATERAL degrees_holding(charging_reach_cap(), ST_Y(ST_PointOnSurface(s.g))) AS m
    )
    SELECT DISTINCT c.id
      FROM site
      JOIN compounds c ON c.geom && site.reach
      LEFT JOIN compound_charging_reach r ON r.compound_id = c.id
     WHERE ST_Distance(site.g, c.geom) * site.metres_per_degree
           <= CASE WHEN site.gone THEN r.nearest_m ELSE coalesce(r.nearest_m, charging_reach_cap()) END));
END $$;

-- Sets the reach of the compounds `ids` from the working sites as they are now.
CREATE FUNCTION recompute_charging_reach(ids bigint[]) RETURNS void
  LANGUAGE sql AS $$
  WITH fresh AS MATERIALIZED (
    SELECT c.id, nearest_working_site_m(c.geom) AS nearest_m FROM compounds c WHERE c.id = ANY (ids)
  ),
  out_of_reach AS (
    DELETE FROM compound_charging_reach r USING fresh f WHERE r.compound_id = f.id AND f.nearest_m IS NULL
  )
  INSERT INTO compound_charging_reach (compound_id, nearest_m)
  SELECT id, nearest_m FROM fresh WHERE nearest_m IS NOT NULL
  ON CONFLICT (compound_id) DO UPDATE SET nearest_m = EXCLUDED.nearest_m
$$;

-- Projects: the working sites a statement added, removed or moved.
CREATE FUNCTION projects_charging_reach() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  removed geometry[];
  added geometry[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    added := ARRAY(SELECT n.geom FROM new_rows n
                    WHERE n.kind = 'charging' AND n.status IN ('completed', 'verified') AND n.deleted_at IS NULL);
  ELSIF TG_OP = 'DELETE' THEN
    removed := ARRAY(SELECT o.geom FROM old_rows o
                      WHERE o.kind = 'charging' AND o.status IN ('completed', 'verified') AND o.deleted_at IS NULL);
  ELSE
    SELECT array_agg(o.geom) FILTER (WHERE o.working AND (NOT n.working OR o.geom IS DISTINCT FROM n.geom)),
           array_agg(n.geom) FILTER (WHERE n.working AND (NOT o.working OR o.geom IS DISTINCT FROM n.geom))
      INTO removed, added
      FROM (SELECT id, geom, kind = 'charging' AND status IN ('completed', 'verified') AND deleted_at IS NULL AS working FROM old_rows) o
      JOIN (SELECT id, geom, kind = 'charging' AND status IN ('completed', 'verified') AND deleted_at IS NULL AS working FROM new_rows) n
        USING (id)
     WHERE o.working OR n.working;
  END IF;
  PERFORM refresh_charging_reach(removed, added);
  RETURN NULL;
END $$;

CREATE TRIGGER projects_charging_reach_insert AFTER INSERT ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION projects_charging_reach();
CREATE TRIGGER projects_charging_reach_update AFTER UPDATE ON projects
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION projects_charging_reach();
CREATE TRIGGER projects_charging_reach_delete AFTER DELETE ON projects
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION projects_charging_reach();

-- Compounds: new ones and moved ones get their reach; deleted ones lose it.
CREATE FUNCTION compounds_charging_reach() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed bigint[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM compound_charging_reach r USING old_rows o WHERE r.compound_id = o.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := ARRAY(SELECT n.id FROM new_rows n);
  ELSE
    changed := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o USING (id) WHERE o.geom IS DISTINCT FROM n.geom);
  END IF;
  IF cardinality(changed) > 0 THEN
    PERFORM pg_advisory_xact_lock(4304071);
    PERFORM recompute_charging_reach(changed);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER compounds_charging_reach_insert AFTER INSERT ON compounds
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION compounds_charging_reach();
CREATE TRIGGER compounds_charging_reach_update AFTER UPDATE ON compounds
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION compounds_charging_reach();
CREATE TRIGGER compounds_charging_reach_delete AFTER DELETE ON compounds
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION compounds_charging_reach();

-- TRUNCATE has no transition table: emptying either side empties the reach
-- (no compounds, or no sites), and the rest is rebuilt as rows come back.
-- DELETE, not TRUNCATE: a TRUNCATE naming the reach too (a dump's restore
-- empties every table in one) still holds it while this trigger runs.
CREATE FUNCTION truncate_charging_reach() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM compound_charging_reach;
  RETURN NULL;
END $$;

CREATE TRIGGER projects_charging_reach_truncate AFTER TRUNCATE ON projects
  FOR EACH STATEMENT EXECUTE FUNCTION truncate_charging_reach();
CREATE TRIGGER compounds_charging_reach_truncate AFTER TRUNCATE ON compounds
  FOR EACH STATEMENT EXECUTE FUNCTION truncate_charging_reach();

INSERT INTO compound_charging_reach (compound_id, nearest_m)
SELECT id, nearest_m FROM (SELECT id, nearest_working_site_m(geom) AS nearest_m FROM compounds) c
 WHERE nearest_m IS NOT NULL;
