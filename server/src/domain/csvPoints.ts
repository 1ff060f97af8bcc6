import { parse } from 'csv-parse/sync';

/**
 * A CSV of point features (one per row, longitude and latitude in decimal
 * degrees) as the GeoJSON FeatureCollection the layer import takes. Values are
 * passed on as written, numbers as numbers where they read as numbers, so the
 * layer's own rules name whatever is wrong; feature i is data row i + 1, the
 * file's line i + 2.
 */
const COLUMN_ALIASES: Record<string, string> = {
  lon: 'lon',
  lng: 'lon',
  longitude: 'lon',
  经度: 'lon',
  lat: 'lat',
  latitude: 'lat',
  纬度: 'lat',
  name: 'name',
  名称: 'name',
  小区名称: 'name',
  households: 'households',
  户数: 'households',
  year_built: 'year_built',
  建成年份: 'year_built',
  road_class: 'road_class',
};

function asValue(text: string): string | number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) && /^-?\d+(\.\d+)?$/.test(trimmed) ? n : trimmed;
}

export class CsvFormatError extends Error {}

export function csvToPointFeatures(text: string) {
  const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const first = rows[0];
  if (!first) throw new CsvFormatError('the CSV has no data rows');
  const columns = Object.keys(first).map((c) => COLUMN_ALIASES[c.toLowerCase()] ?? COLUMN_ALIASES[c] ?? c);
  if (!columns.includes('lon') || !columns.includes('lat')) {
    throw new CsvFormatError('the CSV needs lon and lat columns (or 经度 and 纬度), in decimal degrees');
  }
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((row) => {
      const values = Object.fromEntries(Object.values(row).map((v, i) => [columns[i]!, asValue(v)]));
      const { lon, lat, ...properties } = values;
      return {
        type: 'Feature' as const,
        geometry: { type: 'Point', coordinates: [typeof lon === 'number' ? lon : Number.NaN, typeof lat === 'number' ? lat : Number.NaN] },
        properties: Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null)),
      };
    }),
  };
}
