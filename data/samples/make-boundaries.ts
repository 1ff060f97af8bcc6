/**
 * Builds the boundary samples of 清溪区, a made-up district (code 439901) on
 * open land near 113.0–113.3°E, 28.0–28.3°N, shaped like what a district's
 * civil-affairs bureau hands over:
 *
 * - 清溪区-区县界.zip: the district, a Shapefile in CGCS2000 (EPSG:4490), its
 *   DBF in GBK with no .cpg, fields XZQDM and XZQMC, zipped with GBK file
 *   names as a Chinese Windows zips them;
 * - 清溪区-街道界.zip: six streets and towns, a Shapefile in CGCS2000 3-degree
 *   Gauss-Krüger CM 114E (EPSG:4547), GBK DBF with Chinese field names, a .cpg;
 *   with a self-intersecting ring (桃源街道), a 30 m sliver where 河西街道
 *   overlaps 城关街道, and a gap between 青山乡 and the district's edge;
 * - 清溪区城关街道-社区.kml: four communities of 城关街道, as a survey app
 *   exports them (WGS-84, names in ExtendedData).
 *
 * Run with `npx tsx data/samples/make-boundaries.ts`. It needs ogr2ogr
 * (Debian's gdal-bin) to write Shapefiles; the product does not: it reads them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { QINGXI, QINGXI_STREETS } from './qingxi.js';

const HERE = path.dirname(new URL(import.meta.url).pathname);
type Position = [number, number];

const DISTRICT = QINGXI;
/** Each street's cell in the grid: column west to east, row north to south. */
const STREETS = QINGXI_STREETS.map((s) => ({ ...s, col: Math.round((s.box[0] - 113.0) / 0.1), row: s.box[3] === 28.3 ? 0 : 1 }));

const LONS = [113.0, 113.1, 113.2, 113.3];
const LATS = [28.3, 28.15, 28.0];
const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** A border between two grid corners that wanders like a river or a road, the same points for both neighbours. */
function border(a: Position, b: Position, seed: number): Position[] {
  const steps = 24;
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length = Math.hypot(dx, dy);
  const [nx, ny] = [-dy / length, dx / length];
  const points: Position[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const swing = i === 0 || i === steps ? 0 : 0.006 * Math.sin(t * Math.PI * 3 + seed) * Math.sin(t * Math.PI);
    points.push([round(a[0] + dx * t + nx * swing), round(a[1] + dy * t + ny * swing)]);
  }
  return points;
}

const corner = (col: number, row: number): Position => [LONS[col]!, LATS[row]!];
const horizontal = (col: number, row: number) => border(corner(col, row), corner(col + 1, row), col * 7 + row * 3 + 1);
const vertical = (col: number, row: number) => border(corner(col, row), corner(col, row + 1), col * 5 + row * 11 + 2);

/** A cell's ring, clockwise from its north-west corner, closed. */
function cellRing(col: number, row: number): Position[] {
  const north = horizontal(col, row);
  const east = vertical(col + 1, row);
  const south = horizontal(col, row + 1).reverse();
  const west = vertical(col, row).reverse();
  return [...north, ...east.slice(1), ...south.slice(1), ...west.slice(1)];
}

function districtRing(): Position[] {
  const north = [0, 1, 2].flatMap((c, i) => horizontal(c, 0).slice(i === 0 ? 0 : 1));
  const east = [0, 1].flatMap((r, i) => vertical(3, r).slice(i === 0 ? 0 : 1));
  const south = [2, 1, 0].flatMap((c, i) => horizontal(c, 2).reverse().slice(i === 0 ? 0 : 1));
  const west = [1, 0].flatMap((r, i) => vertical(0, r).reverse().slice(i === 0 ? 0 : 1));
  return [...north, ...east.slice(1), ...south.slice(1), ...west.slice(1)];
}

/** The defects a real street file has, each at a known place. */
function streetRing(name: string, col: number, row: number): Position[] {
  const ring = cellRing(col, row);
  if (name === '桃源街道') {
    // Two neighbouring vertices of the north border swapped: a small bow-tie.
    [ring[6], ring[7]] = [ring[7]!, ring[6]!];
  }
  if (name === '河西街道') {
    // Its copy of the border with 城关街道 (its west side) pushed 30 m west at one vertex: a sliver of overlap.
    const westStart = ring.length - 13;
    ring[westStart] = [round(ring[westStart]![0] - 0.0003), ring[westStart]![1]];
  }
  if (name === '青山乡') {
    // Its south border drawn 200 m inside the district's at one vertex: a gap.
    const southMiddle = 24 + 24 + 12;
    ring[southMiddle] = [ring[southMiddle]![0], round(ring[southMiddle]![1] + 0.002)];
  }
  return ring;
}

function communities(): { name: string; code: string; ring: Position[] }[] {
  const names = ['城关社区', '文昌社区', '北门社区', '东湖村'];
  // 城关街道's cell split in four by straight lines inside its wandering border: inner lines only, clipped to the cell's box.
  const [w, e, n, s] = [113.0, 113.1, 28.3, 28.15];
  const midLon = 113.05;
  const midLat = 28.225;
  const boxes: [number, number, number, number][] = [
    [w, midLat, midLon, n],
    [midLon, midLat, e, n],
    [w, s, midLon, midLat],
    [midLon, s, e, midLat],
  ];
  return boxes.map(([x0, y0, x1, y1], i) => ({
    name: names[i]!,
    code: `43990100100${i + 1}`,
    ring: [
      [x0 + 0.008, y1 - 0.008],
      [x1 - 0.008, y1 - 0.008],
      [x1 - 0.008, y0 + 0.008],
      [x0 + 0.008, y0 + 0.008],
      [x0 + 0.008, y1 - 0.008],
    ].map(([x, y]) => [round(x!), round(y!)] as Position),
  }));
}

function ogr2ogr(args: string[]) {
  execFileSync('ogr2ogr', args, { stdio: 'inherit' });
}

/** GBK bytes of a text, from the decoder's table (Node has no GBK encoder): how zip tools on a Chinese Windows write names. */
function gbk(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) table.set(decoder.decode(new Uint8Array([lead, trail])), [lead, trail]);
  }
  return new Uint8Array([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));
}

async function zipFolder(folder: string, target: string, names: 'utf-8' | 'gbk') {
  const zip = new JSZip();
  for (const name of readdirSync(folder).sort()) zip.file(name, readFileSync(path.join(folder, name)), { date: new Date('2026-10-01T00:00:00Z') });
  const encodeFileName = names === 'gbk' ? gbk : (name: string) => new TextEncoder().encode(name);
  writeFileSync(target, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', encodeFileName }));
}

async function main() {
  const work = mkdtempSync(path.join(tmpdir(), 'qingxi-'));
  try {
    const districtJson = path.join(work, 'district.geojson');
    writeFileSync(
      districtJson,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { XZQDM: DISTRICT.code, XZQMC: DISTRICT.name }, geometry: { type: 'Polygon', coordinates: [districtRing()] } }],
      }),
    );
    const districtDir = path.join(work, 'district');
    ogr2ogr(['-f', 'ESRI Shapefile', '-lco', 'ENCODING=GBK', '-a_srs', 'EPSG:4490', '-nln', '区县界', districtDir, districtJson]);
    rmSync(path.join(districtDir, '区县界.cpg'), { force: true });
    await zipFolder(districtDir, path.join(HERE, '清溪区-区县界.zip'), 'gbk');

    const streetsJson = path.join(work, 'streets.geojson');
    writeFileSync(
      streetsJson,
      JSON.stringify({
        type: 'FeatureCollection',
        features: STREETS.map((s) => ({
          type: 'Feature',
          properties: { 街道代码: s.code, 街道名称: s.name, 所属区县: DISTRICT.name },
          geometry: { type: 'Polygon', coordinates: [streetRing(s.name, s.col, s.row)] },
        })),
      }),
    );
    const streetsDir = path.join(work, 'streets');
    ogr2ogr(['-f', 'ESRI Shapefile', '-lco', 'ENCODING=GBK', '-s_srs', 'EPSG:4490', '-t_srs', 'EPSG:4547', '-nln', '街道界', streetsDir, streetsJson]);
    await zipFolder(streetsDir, path.join(HERE, '清溪区-街道界.zip'), 'utf-8');

    const placemarks = communities()
      .map(
        (c) => `    <Placemark>
      <name>${c.name}</name>
      <ExtendedData>
        <Data name="社区名称"><value>${c.name}</value></Data>
        <Data name="社区代码"><value>${c.code}</value></Data>
        <Data name="所属街道"><value>城关街道</value></Data>
      </ExtendedData>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>${c.ring.map((p) => `${p[0]},${p[1]},0`).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon>
    </Placemark>`,
      )
      .join('\n');
    writeFileSync(
      path.join(HERE, '清溪区城关街道-社区.kml'),
      `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
  <Document>
    <name>城关街道社区边界(外业采集)</name>
${placemarks}
  </Document>
</kml>
`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(HERE, 'make-boundaries.ts')) await main();
