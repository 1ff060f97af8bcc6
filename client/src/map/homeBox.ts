import type { AreaCollection } from '../api/types.js';

type Box = [number, number, number, number];

/** 石鼓区, Hengyang: where the first article and most of the demo data are; the map's first view while it holds a district. */
export const DEMO_HOME: Box = [112.55, 26.86, 112.68, 26.96];

const overlaps = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * Where the map opens when the link names no place: the demo's 石鼓区 while a
 * district lies there; else (a real district's own server) the districts it
 * holds, all of them in view. Undefined until the districts are known, and
 * when there are none.
 */
export function homeBox(areas: AreaCollection | undefined): Box | undefined {
  const districts = areas?.features.filter((a) => a.properties.level === 'district') ?? [];
  if (districts.length === 0) return undefined;
  const boxes = districts.map((d) => d.bbox as Box);
  if (boxes.some((b) => overlaps(b, DEMO_HOME))) return undefined;
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
}
