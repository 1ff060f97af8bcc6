import type pg from 'pg';

/** Features GEOS finds invalid (self-touching rings, overlapping parts…), by their index in the upload. */
export async function invalidGeometries(client: pg.PoolClient, geometries: unknown[]): Promise<{ index: number; reason: string }[]> {
  const { rows } = await client.query<{ index: number; reason: string }>(
    `SELECT (g.ordinality - 1)::integer AS index, ST_IsValidReason(ST_GeomFromGeoJSON(g.value::text)) AS reason
       FROM json_array_elements($1::json) WITH ORDINALITY AS g
      WHERE NOT ST_IsValid(ST_GeomFromGeoJSON(g.value::text))`,
    [JSON.stringify(geometries)],
  );
  return rows;
}

/** Inserts compounds in one statement; their areas are derived by the table's trigger. */
export async function insertCompounds(
  client: pg.PoolClient,
  rows: { name: string; households: number; year_built: number | null; geometry: unknown }[],
): Promise<number> {
  const { rowCount } = await client.query(
    `INSERT INTO compounds (name, households, year_built, geom)
     SELECT c.name, c.households, c.year_built, ST_SetSRID(ST_GeomFromGeoJSON(c.geometry::text), 4326)
       FROM json_to_recordset($1::json) AS c(name text, households integer, year_built integer, geometry json)`,
    [JSON.stringify(rows)],
  );
  return rowCount ?? 0;
}

export async function insertRoads(
  client: pg.PoolClient,
  rows: { name: string | null; road_class: string | null; geometry: unknown }[],
): Promise<number> {
  const { rowCount } = await client.query(
    `INSERT INTO roads (name, road_class, geom)
     SELECT r.name, r.road_class, ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4326)
       FROM json_to_recordset($1::json) AS r(name text, road_class text, geometry json)`,
    [JSON.stringify(rows)],
  );
  return rowCount ?? 0;
}
