import { kinks, polygon as turfPolygon } from '@turf/turf';
import { bodyError, type FieldError } from './errors.js';
import { GEOMETRY_TYPES } from './kinds/index.js';

/** The types validated here: those projects take, and roads' MultiLineString. */
export const VALIDATED_TYPES = [...GEOMETRY_TYPES, 'MultiLineString'] as const;
export type ValidatedType = (typeof VALIDATED_TYPES)[number];

/** Beyond this a geometry is almost certainly a mistake (a whole county traced as one project). */
export const MAX_VERTICES = 10_000;

/**
 * Rings longer than this skip the pairwise self-intersection scan here; the
 * database's validity check (GEOS) still refuses them if they cross themselves.
 */
const KINKS_SCAN_LIMIT = 2_000;

/** How deep positions sit in `coordinates` for each type. */
const NESTING: Record<ValidatedType, number> = { Point: 0, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

type Position = [number, number];

/**
 * Checks a GeoJSON geometry against the rules every project geometry obeys and
 * against the types its kind allows. Returns the problems found, each naming
 * the offending part; an empty list means the geometry may be stored.
 */
export function geometryErrors(geometry: unknown, allowed: readonly ValidatedType[], pointer = '/geometry'): FieldError[] {
  if (typeof geometry !== 'object' || geometry === null || Array.isArray(geometry)) {
    return [bodyError(pointer, 'must be a GeoJSON geometry object', '须为 GeoJSON 几何对象')];
  }
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (typeof type !== 'string' || !(VALIDATED_TYPES as readonly string[]).includes(type)) {
    return [
      bodyError(
        `${pointer}/type`,
        `unsupported geometry type ${JSON.stringify(type)}; expected one of ${VALIDATED_TYPES.join(', ')}`,
        `不支持的几何类型 ${JSON.stringify(type)},应为 ${VALIDATED_TYPES.join('、')} 之一`,
      ),
    ];
  }
  const geometryType = type as ValidatedType;
  if (!allowed.includes(geometryType)) {
    return [
      bodyError(
        `${pointer}/type`,
        `this kind of project takes ${allowed.join(' or ')}, not ${geometryType}`,
        `此类项目的几何类型应为 ${allowed.join(' 或 ')},而不是 ${geometryType}`,
      ),
    ];
  }
  const at = `${pointer}/coordinates`;
  const shapeErrors = positionErrors(coordinates, NESTING[geometryType], at);
  if (shapeErrors.length > 0) return shapeErrors;
  return structureErrors(geometryType, coordinates, at);
}

/** Walks the nested arrays down to the positions, checking each one. */
function positionErrors(value: unknown, depth: number, at: string): FieldError[] {
  if (!Array.isArray(value)) {
    return [bodyError(at, depth === 0 ? 'must be a position [longitude, latitude]' : 'must be an array', depth === 0 ? '须为坐标 [经度, 纬度]' : '须为数组')];
  }
  if (depth === 0) return singlePositionErrors(value, at);
  if (value.length === 0) return [bodyError(at, 'geometry is empty', '几何为空')];
  const errors: FieldError[] = [];
  let vertices = 0;
  for (let i = 0; i < value.length && errors.length < 5; i++) {
    errors.push(...positionErrors(value[i], depth - 1, `${at}/${i}`));
    vertices += countPositions(value[i], depth - 1);
    if (vertices > MAX_VERTICES) {
      return [bodyError(at, `too many vertices (more than ${MAX_VERTICES})`, `顶点过多(超过 ${MAX_VERTICES} 个)`)];
    }
  }
  return errors;
}

function countPositions(value: unknown, depth: number): number {
  if (!Array.isArray(value)) return 0;
  if (depth === 0) return 1;
  return value.reduce((sum: number, v) => sum + countPositions(v, depth - 1), 0);
}

function singlePositionErrors(position: unknown[], at: string): FieldError[] {
  if (position.length === 3 || position.length === 4) {
    return [bodyError(at, 'only 2D coordinates [longitude, latitude] are accepted, not 3D', '只接受二维坐标 [经度, 纬度],不接受三维坐标')];
  }
  if (position.length !== 2) {
    return [bodyError(at, 'a position is exactly [longitude, latitude]', '坐标须恰为 [经度, 纬度]')];
  }
  const [lon, lat] = position;
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    return [bodyError(at, 'coordinates must be finite numbers (no NaN or Infinity)', '坐标须为有限数值(不能为 NaN 或无穷大)')];
  }
  if (lon < -180 || lon > 180) {
    return [bodyError(`${at}/0`, `longitude ${lon} is outside −180…180`, `经度 ${lon} 超出 −180…180 范围`)];
  }
  if (lat < -90 || lat > 90) {
    return [bodyError(`${at}/1`, `latitude ${lat} is outside −90…90`, `纬度 ${lat} 超出 −90…90 范围`)];
  }
  return [];
}

function structureErrors(type: ValidatedType, coordinates: unknown, at: string): FieldError[] {
  switch (type) {
    case 'Point':
      return [];
    case 'LineString':
      return lineErrors(coordinates as Position[], at);
    case 'MultiLineString':
      return (coordinates as Position[][]).flatMap((line, i) => lineErrors(line, `${at}/${i}`));
    case 'Polygon':
      return polygonErrors(coordinates as Position[][], at);
    case 'MultiPolygon':
      return (coordinates as Position[][][]).flatMap((p, i) => polygonErrors(p, `${at}/${i}`));
  }
}

function distinctCount(positions: Position[]): number {
  return new Set(positions.map(([x, y]) => `${x},${y}`)).size;
}

function lineErrors(line: Position[], at: string): FieldError[] {
  if (line.length < 2 || distinctCount(line) < 2) {
    return [bodyError(at, 'a line needs at least two distinct points', '线至少需要两个不同的点')];
  }
  return [];
}

function polygonErrors(rings: Position[][], at: string): FieldError[] {
  const errors = rings.flatMap((ring, i) => ringErrors(ring, `${at}/${i}`));
  if (errors.length > 0) return errors;
  const vertexCount = rings.reduce((n, r) => n + r.length, 0);
  if (vertexCount > KINKS_SCAN_LIMIT) return [];
  const crossings = kinks(turfPolygon(rings)).features;
  if (crossings.length > 0) {
    const [x, y] = crossings[0]!.geometry.coordinates.map((c) => Number(c.toFixed(6)));
    return [bodyError(at, `the outline crosses itself near [${x}, ${y}]`, `边界线在 [${x}, ${y}] 附近自相交`)];
  }
  return [];
}

function ringErrors(ring: Position[], at: string): FieldError[] {
  if (ring.length < 4) {
    return [bodyError(at, 'a ring needs at least 4 positions (3 corners and the first repeated at the end)', '环至少需要 4 个坐标(3 个顶点,末点与首点相同)')];
  }
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return [bodyError(at, 'the ring is not closed: its last position must equal its first', '环未闭合:末点须与首点相同')];
  }
  if (distinctCount(ring) < 3) {
    return [bodyError(at, 'the ring has no area: it needs at least 3 distinct corners', '环没有面积:至少需要 3 个不同的顶点')];
  }
  return [];
}
