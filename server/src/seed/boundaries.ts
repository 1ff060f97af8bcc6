import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type pg from 'pg';
import type { SeedLog } from './log.js';

/** The county boundaries the product ships (see data/boundaries/LICENSE-*). */
export const BOUNDARIES_DIR = fileURLToPath(new URL('../../../data/boundaries/', import.meta.url));

interface CountiesIndex {
  prefectures: Record<string, { name: string; name_en: string; counties: Record<string, [string, string]> }>;
}

interface BoundaryFeature {
  properties: { name: string };
  geometry: unknown;
}

interface DistrictRow {
  code: string;
  name: string;
  name_en: string;
  prefecture: string;
  geometry: unknown;
}

/**
 * Inserts every county of every boundary file as a district. Many rings cross
 * themselves as shipped; ST_MakeValid repairs them and CollectionExtract keeps
 * only the polygonal result (MakeValid may emit stray lines or points). The
 * validity is read from the raw geometry in the same statement, so the log
 * names exactly what was repaired and why.
 */
const INSERT_DISTRICTS = `
  WITH src AS MATERIALIZED (
    SELECT d.code, d.name, d.name_en, d.prefecture,
           ST_SetSRID(ST_GeomFromGeoJSON(d.geometry::text), 4326) AS raw
      FROM json_to_recordset($1::json) AS d(code text, name text, name_en text, prefecture text, geometry json)
  ), inserted AS (
    INSERT INTO areas (code, name, name_en, level, prefecture, geom, is_demo)
    SELECT code, name, name_en, 'district', prefecture,
           ST_Multi(ST_CollectionExtract(ST_MakeValid(raw), 3)), false
      FROM src
     ORDER BY code
    RETURNING code
  )
  SELECT src.code, src.name, ST_IsValidReason(src.raw) AS reason
    FROM src JOIN inserted USING (code)
   WHERE NOT ST_IsValid(src.raw)
   ORDER BY src.code`;

export interface BoundaryResult {
  districts: number;
  /** "name (code): reason" for each boundary that needed ST_MakeValid. */
  repaired: string[];
}

export async function loadBoundaries(client: pg.PoolClient, log: SeedLog): Promise<BoundaryResult> {
  const rows = await readDistrictRows();
  const { rows: repaired } = await client.query<{ code: string; name: string; reason: string }>(INSERT_DISTRICTS, [
    JSON.stringify(rows),
  ]);
  const notes = repaired.map((r) => `${r.name} (${r.code}): ${r.reason}`);
  for (const note of notes) log.info(`repaired boundary ${note}`);
  log.info(`loaded ${rows.length} district boundaries, ${notes.length} repaired`);
  return { districts: rows.length, repaired: notes };
}

/** Every feature of every file, joined to its code and English name; a county missing from the index is an error. */
async function readDistrictRows(): Promise<DistrictRow[]> {
  const index = JSON.parse(await readFile(path.join(BOUNDARIES_DIR, 'counties.json'), 'utf8')) as CountiesIndex;
  const rows: DistrictRow[] = [];
  for (const [file, prefecture] of Object.entries(index.prefectures)) {
    const collection = JSON.parse(await readFile(path.join(BOUNDARIES_DIR, file), 'utf8')) as { features: BoundaryFeature[] };
    for (const feature of collection.features) {
      const entry = prefecture.counties[feature.properties.name];
      if (!entry) throw new Error(`${file}: county ${feature.properties.name} is not in counties.json`);
      rows.push({ code: entry[0], name: feature.properties.name, name_en: entry[1], prefecture: prefecture.name, geometry: feature.geometry });
    }
  }
  return rows.sort((a, b) => a.code.localeCompare(b.code));
}
