import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import JSZip from 'jszip';
import * as shapefile from 'shapefile';
import { RequestRefusedError } from '../../domain/errors.js';
import { BOUNDARY_BOUNDS, pastBoundaryBound } from './boundaryBounds.js';
import { CrsError, crsFromCode, crsFromPrj, guessCrs, type Crs } from './crs.js';
import { dbfEncoding, type EncodingVerdict } from './dbfEncoding.js';

/**
 * Reading a district's boundary file as it comes: a zipped Shapefile (one or
 * several layers, .prj and .cpg when present), GeoJSON, KML or KMZ. Nothing
 * is reprojected here: each layer keeps its own positions and says which
 * coordinate system they are in, so the admin may correct it at the preview.
 */
export type Cell = string | number | boolean | null;

export interface BoundaryFeature {
  properties: Record<string, Cell>;
  geometry: GeoJSON.Geometry | null;
}

/** The coordinate system a layer says it is in, as stored with the import. */
export interface LayerCrs {
  /** EPSG:xxxx or gcj02, when known by code. */
  code: string | null;
  /** The .prj's WKT, when it names no code we know but proj4 reads it. */
  prj: string | null;
  label: string;
  source: 'prj' | 'file' | 'guessed';
}

export interface BoundaryLayer {
  name: string;
  format: 'shapefile' | 'geojson' | 'kml';
  features: BoundaryFeature[];
  /** Attribute names, in the file's order. */
  columns: string[];
  crs: LayerCrs | null;
  /** Why the layer's own coordinate system could not be used, when it could not. */
  crs_problem: { en: string; zh: string } | null;
  encoding: EncodingVerdict | null;
}

const refuse = (en: string, zh: string) => new RequestRefusedError(400, 'UNREADABLE_BOUNDARY_FILE', en, zh);

export async function readBoundaryFile(fileName: string, bytes: Buffer): Promise<BoundaryLayer[]> {
  if (bytes.length > BOUNDARY_BOUNDS.bytes) throw pastBoundaryBound('bytes');
  const extension = path.extname(fileName).toLowerCase();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  let layers: BoundaryLayer[];
  if (isZip) layers = await readZip(bytes);
  else if (extension === '.kml' || startsWithXml(bytes)) layers = [readKml(path.basename(fileName, extension), bytes)];
  else if (extension === '.geojson' || extension === '.json' || bytes.subarray(0, 64).toString('utf8').trimStart().startsWith('{')) {
    layers = [readGeoJson(path.basename(fileName, extension), bytes)];
  } else if (extension === '.shp') {
    throw refuse(
      'a .shp alone has no attributes or coordinate system: zip it with its .shx, .dbf and .prj (and .cpg) and upload the zip',
      '单独的 .shp 文件不含属性和坐标系:请将其与同名的 .shx、.dbf、.prj(及 .cpg)一起压缩为 zip 后上传',
    );
  } else {
    throw refuse(
      'the file is not a zipped Shapefile, GeoJSON, KML or KMZ',
      '文件不是 zip 压缩的 Shapefile、GeoJSON、KML 或 KMZ',
    );
  }
  const withFeatures = layers.filter((l) => l.features.length > 0);
  if (withFeatures.length === 0) throw refuse('the file holds no features', '文件中没有任何要素');
  const features = withFeatures.reduce((n, l) => n + l.features.length, 0);
  if (features > BOUNDARY_BOUNDS.features) throw pastBoundaryBound('features');
  return withFeatures;
}

const startsWithXml = (bytes: Buffer) => /^\s*<(\?xml|kml)/i.test(bytes.subarray(0, 200).toString('utf8').replace(/^\uFEFF/, ''));

// ---------------------------------------------------------------- zip

/** Unzips every member, counting the bytes as they come out: a zip bomb stops at the bound. */
async function unzipBounded(bytes: Buffer): Promise<Map<string, Buffer>> {
  let zip: JSZip;
  try {
    // Zips made on a Chinese Windows name their members in GBK without saying so.
    zip = await JSZip.loadAsync(bytes, { decodeFileName: (name) => decodeName(name as Uint8Array) });
  } catch {
    throw refuse('the zip file is damaged and cannot be opened', 'zip 文件已损坏,无法打开');
  }
  const members = new Map<string, Buffer>();
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    // macOS adds __MACOSX/._name copies that are not Shapefiles.
    if (entry.dir || entry.name.startsWith('__MACOSX/') || path.basename(entry.name).startsWith('._')) continue;
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream
        .on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > BOUNDARY_BOUNDS.unzippedBytes) {
            stream.pause();
            reject(pastBoundaryBound('unzippedBytes'));
            return;
          }
          chunks.push(chunk);
        })
        .on('error', reject)
        .on('end', () => resolve());
    });
    members.set(entry.name, Buffer.concat(chunks));
  }
  return members;
}

function decodeName(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function readZip(bytes: Buffer): Promise<BoundaryLayer[]> {
  const members = await unzipBounded(bytes);
  const kml = [...members.keys()].find((name) => name.toLowerCase().endsWith('.kml'));
  const shps = [...members.keys()].filter((name) => name.toLowerCase().endsWith('.shp')).sort();
  if (shps.length === 0 && kml) return [readKml(path.basename(kml, path.extname(kml)), members.get(kml)!)];
  if (shps.length === 0) {
    const geojson = [...members.keys()].filter((n) => /\.(geo)?json$/i.test(n));
    if (geojson.length > 0) return geojson.map((n) => readGeoJson(path.basename(n, path.extname(n)), members.get(n)!));
    throw refuse('the zip holds no .shp, .kml or .geojson file', 'zip 中没有 .shp、.kml 或 .geojson 文件');
  }
  const layers: BoundaryLayer[] = [];
  for (const shp of shps) layers.push(await readShapefile(shp, members));
  return layers;
}

/** A member beside the .shp with the same name and another extension, whatever its case. */
function sibling(members: Map<string, Buffer>, shp: string, extension: string): Buffer | undefined {
  const stem = shp.slice(0, -4).toLowerCase();
  for (const [name, bytes] of members) if (name.toLowerCase() === stem + extension) return bytes;
  return undefined;
}

async function readShapefile(shp: string, members: Map<string, Buffer>): Promise<BoundaryLayer> {
  const name = path.basename(shp, path.extname(shp));
  const dbf = sibling(members, shp, '.dbf');
  if (!dbf) {
    throw refuse(`${name}.shp has no ${name}.dbf beside it in the zip: add it, it holds the names`, `zip 中缺少与 ${name}.shp 同名的 ${name}.dbf(其中是名称等属性),请补上`);
  }
  const cpg = sibling(members, shp, '.cpg')?.toString('latin1');
  const encoding = dbfEncoding(dbf, cpg);
  const features: BoundaryFeature[] = [];
  let positions = 0;
  try {
    const source = await shapefile.open(toArrayBuffer(members.get(shp)!), toArrayBuffer(dbf), { encoding: encoding.encoding });
    for (let result = await source.read(); !result.done; result = await source.read()) {
      positions += countPositions(result.value.geometry);
      if (positions > BOUNDARY_BOUNDS.positions) throw pastBoundaryBound('positions');
      if (features.length >= BOUNDARY_BOUNDS.features) throw pastBoundaryBound('features');
      features.push({ properties: cells(result.value.properties ?? {}), geometry: result.value.geometry ?? null });
    }
  } catch (err) {
    if (err instanceof RequestRefusedError) throw err;
    throw refuse(`${name}.shp cannot be read: ${(err as Error).message}`, `${name}.shp 无法读取:${(err as Error).message}`);
  }
  const prj = sibling(members, shp, '.prj')?.toString('utf8');
  const { crs, problem } = prj ? layerCrsOfPrj(prj) : guessedCrs(features);
  return { name, format: 'shapefile', features, columns: columnsOf(features), crs, crs_problem: problem, encoding };
}

const toArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function layerCrsOfPrj(prj: string): { crs: LayerCrs | null; problem: { en: string; zh: string } | null } {
  try {
    const crs = crsFromPrj(prj);
    return { crs: { code: crs.code === 'prj' ? null : crs.code, prj: crs.code === 'prj' ? prj : null, label: crs.label, source: 'prj' }, problem: null };
  } catch (err) {
    if (err instanceof CrsError) return { crs: null, problem: { en: err.en, zh: err.zh } };
    throw err;
  }
}

function guessedCrs(features: BoundaryFeature[]): { crs: LayerCrs | null; problem: { en: string; zh: string } | null } {
  const guess = guessCrs(samplePositions(features));
  if (guess) return { crs: { code: guess.code, prj: null, label: guess.label, source: 'guessed' }, problem: null };
  return {
    crs: null,
    problem: {
      en: 'the file does not say its coordinate system (no .prj) and its positions are metres without a zone number: choose the system, such as EPSG:4547',
      zh: '文件未说明坐标系(缺少 .prj),坐标为不带带号的米制坐标:请选择坐标系,如 EPSG:4547',
    },
  };
}

// ---------------------------------------------------------------- GeoJSON and KML

function readGeoJson(name: string, bytes: Buffer): BoundaryLayer {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw refuse(`the GeoJSON is not valid JSON: ${(err as Error).message}`, `GeoJSON 不是有效的 JSON:${(err as Error).message}`);
  }
  const collection = json as { type?: string; features?: unknown[]; crs?: { properties?: { name?: string } } };
  const raw = collection.type === 'FeatureCollection' ? collection.features : collection.type === 'Feature' ? [collection] : undefined;
  if (!Array.isArray(raw)) throw refuse('the GeoJSON is not a FeatureCollection or a Feature', 'GeoJSON 不是 FeatureCollection 或 Feature');
  if (raw.length > BOUNDARY_BOUNDS.features) throw pastBoundaryBound('features');
  const features = raw.map((f) => {
    const feature = (f ?? {}) as { properties?: Record<string, unknown>; geometry?: GeoJSON.Geometry | null };
    return { properties: cells(feature.properties ?? {}), geometry: feature.geometry ?? null };
  });
  if (features.reduce((n, f) => n + countPositions(f.geometry), 0) > BOUNDARY_BOUNDS.positions) throw pastBoundaryBound('positions');
  // GeoJSON of 2008 named its system ("urn:ogc:def:crs:EPSG::4547"); RFC 7946's is WGS-84.
  const named = collection.crs?.properties?.name;
  const epsg = named ? /EPSG:+(\d+)/i.exec(named)?.[1] ?? (/CRS84$/i.test(named) ? '4326' : undefined) : undefined;
  let crs: LayerCrs | null = null;
  let problem: { en: string; zh: string } | null = null;
  if (epsg) {
    try {
      const known: Crs = crsFromCode(`EPSG:${epsg}`);
      crs = { code: known.code, prj: null, label: known.label, source: 'file' };
    } catch (err) {
      if (!(err instanceof CrsError)) throw err;
      problem = { en: err.en, zh: err.zh };
    }
  } else {
    ({ crs, problem } = guessedCrs(features));
  }
  return { name, format: 'geojson', features, columns: columnsOf(features), crs, crs_problem: problem, encoding: null };
}

function readKml(name: string, bytes: Buffer): BoundaryLayer {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  let document: Document;
  try {
    document = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch (err) {
    throw refuse(`the KML is not valid XML: ${(err as Error).message}`, `KML 不是有效的 XML:${(err as Error).message}`);
  }
  const collection = kmlToGeoJson(document);
  if (collection.features.length > BOUNDARY_BOUNDS.features) throw pastBoundaryBound('features');
  const features = collection.features.map((f) => ({ properties: cells(withoutStyles(f.properties ?? {})), geometry: f.geometry ?? null }));
  if (features.reduce((n, f) => n + countPositions(f.geometry), 0) > BOUNDARY_BOUNDS.positions) throw pastBoundaryBound('positions');
  // KML is WGS-84 by definition; survey apps that write GCJ-02 into it are corrected at the preview.
  const crs: LayerCrs = { code: 'EPSG:4326', prj: null, label: 'EPSG:4326 WGS 84 (KML)', source: 'file' };
  return { name, format: 'kml', features, columns: columnsOf(features), crs, crs_problem: null, encoding: null };
}

/** togeojson adds the placemark's style as properties; they are not attributes a clerk wrote. */
function withoutStyles(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !/^(styleUrl|styleHash|styleMapHash|stroke|stroke-opacity|stroke-width|fill|fill-opacity|visibility)$/.test(key)));
}

// ---------------------------------------------------------------- shared

/** Attribute values as plain cells: text trimmed, nested values as JSON text. */
function cells(properties: Record<string, unknown>): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || value === undefined) out[key] = null;
    else if (typeof value === 'string') out[key] = value.trim() === '' ? null : value.trim();
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (value instanceof Date) out[key] = value.toISOString().slice(0, 10);
    else out[key] = JSON.stringify(value);
  }
  return out;
}

function columnsOf(features: BoundaryFeature[]): string[] {
  const columns = new Set<string>();
  for (const f of features) for (const key of Object.keys(f.properties)) columns.add(key);
  return [...columns];
}

export function countPositions(geometry: GeoJSON.Geometry | null | undefined): number {
  if (!geometry) return 0;
  if (geometry.type === 'GeometryCollection') return geometry.geometries.reduce((n, g) => n + countPositions(g), 0);
  return positionsIn(geometry.coordinates);
}

function positionsIn(value: unknown): number {
  if (!Array.isArray(value)) return 0;
  if (typeof value[0] === 'number') return 1;
  let n = 0;
  for (const v of value) n += positionsIn(v);
  return n;
}

/** Some positions of the first features, enough to tell degrees from metres. */
export function samplePositions(features: BoundaryFeature[], wanted = 50): [number, number][] {
  const sample: [number, number][] = [];
  const visit = (value: unknown) => {
    if (sample.length >= wanted || !Array.isArray(value)) return;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') sample.push([value[0], value[1]]);
    else for (const v of value) visit(v);
  };
  for (const f of features) {
    if (sample.length >= wanted) break;
    if (f.geometry && f.geometry.type !== 'GeometryCollection') visit(f.geometry.coordinates);
  }
  return sample;
}
