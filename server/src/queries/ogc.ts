import type pg from 'pg';
import type { GeometryJson } from '../domain/geojson.js';

/** A reference feature as the OGC API serves it: id, geometry, and its public columns as properties. */
export interface ReferenceFeatureRow {
  id: number;
  geometry: GeometryJson;
  properties: Record<string, unknown>;
}

export type ReferenceTable = 'areas' | 'compounds' | 'roads';

/** The properties each reference table shows: all of its columns are public. */
const PROPERTIES: Record<ReferenceTable, string> = {
  areas: `json_build_object('code', t.code, 'name', t.name, 'name_en', t.name_en, 'level', t.level,
            'parent_id', t.parent_id, 'prefecture', t.prefecture, 'is_demo', t.is_demo)`,
  compounds: `json_build_object('name', t.name, 'households', t.households, 'year_built', t.year_built,
                'area_id', t.area_id, 'is_demo', t.is_demo)`,
  roads: `json_build_object('name', t.name, 'road_class', t.road_class, 'area_id', t.area_id, 'is_demo', t.is_demo)`,
};

// The table name comes from the fixed set above, never from a request.
const select = (table: ReferenceTable) =>
  `SELECT t.id, ST_AsGeoJSON(t.geom, 6)::json AS geometry, ${PROPERTIES[table]} AS properties FROM ${table} t`;

export async function referenceFeaturesPage(
  db: pg.Pool,
  table: ReferenceTable,
  /** One window [w, s, e, n], or two (eight numbers) for a bbox across the antimeridian. */
  f: { windows?: number[]; limit: number; offset: number },
): Promise<ReferenceFeatureRow[]> {
  const { rows } = await db.query<ReferenceFeatureRow>(
    `${select(table)}
      WHERE $1::float8[] IS NULL
         OR t.geom && ST_MakeEnvelope($1[1], $1[2], $1[3], $1[4], 4326)
         OR (array_length($1, 1) = 8 AND t.geom && ST_MakeEnvelope($1[5], $1[6], $1[7], $1[8], 4326))
      ORDER BY t.id LIMIT $2 OFFSET $3`,
    [f.windows ?? null, f.limit, f.offset],
  );
  return rows;
}

export async function referenceFeatureById(db: pg.Pool, table: ReferenceTable, id: number): Promise<ReferenceFeatureRow | undefined> {
  const { rows } = await db.query<ReferenceFeatureRow>(`${select(table)} WHERE t.id = $1`, [id]);
  return rows[0];
}

/** The extent of the districts: every collection lies within it. */
export async function districtsExtent(db: pg.Pool): Promise<[number, number, number, number] | null> {
  const { rows } = await db.query<{ e: [number, number, number, number] | null }>(
    `SELECT CASE WHEN count(*) = 0 THEN NULL
                 ELSE ARRAY[ST_XMin(ST_Extent(geom)), ST_YMin(ST_Extent(geom)), ST_XMax(ST_Extent(geom)), ST_YMax(ST_Extent(geom))]::float8[] END AS e
       FROM areas WHERE level = 'district'`,
  );
  return rows[0]?.e ?? null;
}
