import type { FieldError } from './errors.js';

/** Query-string values that are lists or boxes, parsed with errors that name the parameter. */
function queryError(field: string, reason: string, reason_zh: string): FieldError {
  return { in: 'querystring', field: `/${field}`, reason, reason_zh };
}

export type Bbox = [number, number, number, number];

function parseCorners(value: string): { bbox?: Bbox; error?: FieldError } {
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    return { error: queryError('bbox', 'must be four numbers: minLon,minLat,maxLon,maxLat', '须为四个数:最小经度,最小纬度,最大经度,最大纬度') };
  }
  const [minLon, minLat, maxLon, maxLat] = parts as Bbox;
  if ([minLon, maxLon].some((x) => x < -180 || x > 180) || [minLat, maxLat].some((y) => y < -90 || y > 90)) {
    return { error: queryError('bbox', 'longitudes must be within −180…180 and latitudes within −90…90', '经度须在 −180…180,纬度须在 −90…90 之间') };
  }
  if (minLat > maxLat) return { error: queryError('bbox', 'the south must not be north of the north', '最小纬度不能大于最大纬度') };
  return { bbox: [minLon, minLat, maxLon, maxLat] };
}

/** The map's window: west to east without crossing the antimeridian, as a map of China always is. */
export function parseBbox(value: string): { bbox?: Bbox; error?: FieldError } {
  const parsed = parseCorners(value);
  if (parsed.bbox && parsed.bbox[0] > parsed.bbox[2]) {
    return { error: queryError('bbox', 'the minimum must not exceed the maximum', '最小值不能大于最大值') };
  }
  return parsed;
}

/**
 * A bbox as OGC API Features reads it (Part 1, 7.15.3): a west east of the
 * east crosses the antimeridian, and selects the two boxes either side of it.
 * The windows are flattened, [w, s, e, n] once or twice, as the queries take them.
 */
export function parseOgcBbox(value: string): { windows?: number[]; error?: FieldError } {
  const parsed = parseCorners(value);
  if (!parsed.bbox) return parsed;
  const [west, south, east, north] = parsed.bbox;
  return { windows: west <= east ? [west, south, east, north] : [west, south, 180, north, -180, south, east, north] };
}

/** A comma-separated list whose every item must be one of `allowed`. */
export function parseChoiceList<T extends string>(
  field: string,
  value: string,
  allowed: readonly T[],
): { values?: T[]; error?: FieldError } {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = items.filter((i) => !(allowed as readonly string[]).includes(i));
  if (items.length === 0 || unknown.length > 0) {
    return {
      error: queryError(
        field,
        `unknown value ${JSON.stringify(unknown[0] ?? value)}; use one or more of ${allowed.join(', ')}, separated by commas`,
        `未知取值 ${JSON.stringify(unknown[0] ?? value)};可用取值为 ${allowed.join('、')},多个以逗号分隔`,
      ),
    };
  }
  return { values: [...new Set(items)] as T[] };
}

/** A comma-separated list of positive integer ids. */
export function parseIdList(field: string, value: string): { values?: number[]; error?: FieldError } {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((i) => !/^[1-9]\d{0,9}$/.test(i))) {
    return { error: queryError(field, 'must be one or more positive integer ids separated by commas', '须为一个或多个正整数编号,以逗号分隔') };
  }
  return { values: [...new Set(items.map(Number))] };
}
