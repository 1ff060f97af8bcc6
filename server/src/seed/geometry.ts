import type { Random } from './random.js';

/**
 * Plain-coordinate helpers for building demo shapes in longitude/latitude.
 * Distances are local (an equirectangular approximation): the shapes are a few
 * kilometres across, where that is off by far less than the demo cares about.
 */

export type Position = [number, number];

export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}
export interface LineGeometry {
  type: 'LineString';
  coordinates: Position[];
}
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}
export type DemoGeometry = PointGeometry | LineGeometry | PolygonGeometry;

const KM_PER_DEGREE_LAT = 111.32;

/** Six decimals (~0.1 m) keep the JSON small and the rows byte-identical across runs. */
function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

export function position(lon: number, lat: number): Position {
  return [round6(lon), round6(lat)];
}

/** The point `eastKm` east and `northKm` north of `origin`. */
export function offsetKm(origin: readonly [number, number], eastKm: number, northKm: number): Position {
  const [lon, lat] = origin;
  const kmPerDegreeLon = KM_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180);
  return position(lon + eastKm / kmPerDegreeLon, lat + northKm / KM_PER_DEGREE_LAT);
}

export function distanceKm(a: readonly [number, number], b: readonly [number, number]): number {
  const kmPerDegreeLon = KM_PER_DEGREE_LAT * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * kmPerDegreeLon, (a[1] - b[1]) * KM_PER_DEGREE_LAT);
}

/** A point within `radiusKm` of `centre`, denser towards the middle like a town. */
export function pointNear(random: Random, centre: readonly [number, number], radiusKm: number): Position {
  const r = radiusKm * Math.sqrt(random.next()) * (0.35 + 0.65 * random.next());
  const angle = random.float(0, 2 * Math.PI);
  return offsetKm(centre, r * Math.cos(angle), r * Math.sin(angle));
}

export function pointInBox(random: Random, box: BBox): Position {
  return position(random.float(box.xmin, box.xmax), random.float(box.ymin, box.ymax));
}

export interface BBox {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

/** A rotated rectangle: the outline of a compound. */
export function rectangle(centre: Position, widthKm: number, heightKm: number, angle: number): PolygonGeometry {
  const corners: [number, number][] = [
    [-widthKm / 2, -heightKm / 2],
    [widthKm / 2, -heightKm / 2],
    [widthKm / 2, heightKm / 2],
    [-widthKm / 2, heightKm / 2],
  ];
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const ring = corners.map(([x, y]) => offsetKm(centre, x * cos - y * sin, x * sin + y * cos));
  ring.push(ring[0] as Position);
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * A gently bending road: `segments` pieces from `start` heading at `angle`,
 * each turned a little, so roads look drawn rather than ruled.
 */
export function bendingLine(random: Random, start: Position, angle: number, lengthKm: number, segments: number): LineGeometry {
  const coordinates: Position[] = [start];
  let heading = angle;
  let at: Position = start;
  for (let i = 0; i < segments; i++) {
    heading += random.float(-0.12, 0.12);
    const step = lengthKm / segments;
    at = offsetKm(at, step * Math.cos(heading), step * Math.sin(heading));
    coordinates.push(at);
  }
  return { type: 'LineString', coordinates };
}

export function lineLengthKm(line: LineGeometry): number {
  let sum = 0;
  for (let i = 1; i < line.coordinates.length; i++) {
    sum += distanceKm(line.coordinates[i - 1] as Position, line.coordinates[i] as Position);
  }
  return sum;
}

/** The point at `fraction` (0–1) of the line's length. */
export function pointAlong(line: LineGeometry, fraction: number): Position {
  const target = lineLengthKm(line) * fraction;
  let walked = 0;
  for (let i = 1; i < line.coordinates.length; i++) {
    const a = line.coordinates[i - 1] as Position;
    const b = line.coordinates[i] as Position;
    const piece = distanceKm(a, b);
    if (walked + piece >= target && piece > 0) {
      const t = (target - walked) / piece;
      return position(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t);
    }
    walked += piece;
  }
  return line.coordinates[line.coordinates.length - 1] as Position;
}

/** The part of a line between two fractions of its length (like ST_LineSubstring). */
export function lineSubstring(line: LineGeometry, from: number, to: number): LineGeometry {
  const total = lineLengthKm(line);
  const start = total * from;
  const end = total * to;
  const coordinates: Position[] = [pointAlong(line, from)];
  let walked = 0;
  for (let i = 1; i < line.coordinates.length; i++) {
    walked += distanceKm(line.coordinates[i - 1] as Position, line.coordinates[i] as Position);
    if (walked > start && walked < end) coordinates.push(line.coordinates[i] as Position);
  }
  coordinates.push(pointAlong(line, to));
  return { type: 'LineString', coordinates };
}

/** The centre of a rectangle made by `rectangle` (the mean of its four corners). */
export function rectangleCentre(polygon: PolygonGeometry): Position {
  const ring = (polygon.coordinates[0] ?? []).slice(0, 4);
  const lon = ring.reduce((s, p) => s + p[0], 0) / ring.length;
  const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  return position(lon, lat);
}
