import { todayIn, type IsoDate } from './dates.js';
import type { FieldError } from './errors.js';
import { KINDS, type KindCode } from './kinds/index.js';
import type { Bilingual } from './text.js';

/**
 * OGC API – Features, Part 1 (Core, GeoJSON, OpenAPI 3.0): what the server
 * declares and how its query parameters read. GIS staff open the same layers
 * in QGIS or GDAL (`OAPIF:` driver) as the map shows, public fields only.
 */
export const CONFORMANCE_CLASSES = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
] as const;

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export type CollectionSource = { table: 'projects'; kind: KindCode } | { table: 'areas' } | { table: 'compounds' } | { table: 'roads' };

export interface CollectionDefinition {
  id: string;
  title: Bilingual;
  description: string;
  source: CollectionSource;
  /** Which property `datetime` filters on, if any. */
  temporalProperty: 'reported_on' | null;
}

export const COLLECTIONS: readonly CollectionDefinition[] = [
  ...KINDS.map(
    (k): CollectionDefinition => ({
      id: `${k.code}_projects`,
      title: { zh: `${k.name.zh}项目`, en: `${k.name.en} projects` },
      description: `Livelihood projects of the kind ${k.name.en} (${k.name.zh}): public fields; datetime filters on the report date.`,
      source: { table: 'projects', kind: k.code },
      temporalProperty: 'reported_on',
    }),
  ),
  {
    id: 'areas',
    title: { zh: '行政区划', en: 'Administrative areas' },
    description: 'Districts (county level), streets and communities; GB/T 2260 codes for districts.',
    source: { table: 'areas' },
    temporalProperty: null,
  },
  {
    id: 'compounds',
    title: { zh: '居民小区', en: 'Residential compounds' },
    description: 'Residential compounds with households and year built: the need that coverage measures against.',
    source: { table: 'compounds' },
    temporalProperty: null,
  },
  {
    id: 'roads',
    title: { zh: '道路', en: 'Roads' },
    description: 'Roads, for streetlight coverage.',
    source: { table: 'roads' },
    temporalProperty: null,
  },
];

export function findCollection(id: string): CollectionDefinition | undefined {
  return COLLECTIONS.find((c) => c.id === id);
}

/** Items per page unless asked, and the most a page holds (a larger limit is lowered to it, as the standard says). */
export const DEFAULT_ITEMS_LIMIT = 100;
export const MAX_ITEMS_LIMIT = 10_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A `datetime` parameter — an instant or an interval `start/end` with `..` or
 * nothing for an open end, RFC 3339 dates or date-times — as a range of report
 * dates in the districts' time zone.
 */
export function parseDatetime(value: string, timeZone: string): { from?: IsoDate; to?: IsoDate; error?: FieldError } {
  const bad = (reason: string): { error: FieldError } => ({
    error: {
      in: 'querystring',
      field: '/datetime',
      reason: `${reason}; use a date or date-time (RFC 3339) or an interval start/end with .. for an open end`,
      reason_zh: '须为 RFC 3339 日期或时间,或以“/”分隔的区间(开放端用“..”)',
    },
  });
  const day = (part: string): IsoDate | null | undefined => {
    if (part === '' || part === '..') return null;
    if (DATE.test(part) && !Number.isNaN(Date.parse(`${part}T00:00:00Z`)) && new Date(`${part}T00:00:00Z`).toISOString().startsWith(part)) return part;
    if (DATE_TIME.test(part) && !Number.isNaN(Date.parse(part))) return todayIn(timeZone, new Date(part));
    return undefined;
  };
  const parts = value.split('/');
  if (parts.length > 2) return bad('more than one "/"');
  if (parts.length === 1) {
    const d = day(parts[0]!);
    if (!d) return bad(`"${value}" is not a date or date-time`);
    return { from: d, to: d };
  }
  const [from, to] = parts.map(day);
  if (from === undefined || to === undefined) return bad(`"${value}" is not an interval of dates or date-times`);
  if (from === null && to === null) return bad('an interval needs at least one end');
  if (from && to && from > to) return bad('the interval ends before it starts');
  return { from: from ?? undefined, to: to ?? undefined };
}
