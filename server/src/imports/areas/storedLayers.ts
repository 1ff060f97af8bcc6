import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { AreaLevel } from '../../domain/area.js';
import type { BoundaryFeature, BoundaryLayer, Cell, LayerCrs } from './readBoundaryFile.js';
import type { EncodingVerdict } from './dbfEncoding.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * A boundary file as the import keeps it: an outline of each layer (what the
 * admin chooses from) in jsonb, and the features themselves gzip-compressed,
 * in the file's own coordinates, until the import is written.
 */
export interface StoredLayer {
  name: string;
  format: BoundaryLayer['format'];
  feature_count: number;
  columns: { name: string; samples: string[] }[];
  crs: LayerCrs | null;
  crs_problem: { en: string; zh: string } | null;
  encoding: EncodingVerdict | null;
  suggested: { level: AreaLevel | null; name_column: string | null; code_column: string | null; parent_column: string | null };
}

const text = (cell: Cell | undefined) => (cell === null || cell === undefined ? '' : String(cell));

/** The words boundary files from civil-affairs and natural-resources bureaus use for their columns. */
const NAME_COLUMN = /^(name|mc|xzqmc|qhmc|jdmc|sqmc|cjqymc|.*名称|名字|社区|街道|乡镇)$/i;
const CODE_COLUMN = /^(code|dm|xzqdm|qhdm|jddm|sqdm|cjqydm|adcode|gb|.*代码|编码|区划码)$/i;
const PARENT_COLUMN = /^(parent|sjmc|ssjd|ssqx|sjxzqmc|所属.*|上级.*|归属.*)$/i;

function suggestLevel(layerName: string, columns: string[]): AreaLevel | null {
  const words = [layerName, ...columns].join(' ');
  if (/社区|村|community|village|sq|cjq/i.test(words)) return 'community';
  if (/街道|乡镇|镇界|street|town|jd/i.test(words)) return 'street';
  if (/区县|县界|区界|县级|district|county|xzq/i.test(words)) return 'district';
  return null;
}

export function outlineOf(layer: BoundaryLayer): StoredLayer {
  const columns = layer.columns.map((name) => ({
    name,
    samples: layer.features
      .map((f) => text(f.properties[name]))
      .filter((v) => v !== '')
      .slice(0, 3),
  }));
  const pick = (pattern: RegExp, except: (string | null)[] = []) => layer.columns.find((c) => pattern.test(c.trim()) && !except.includes(c)) ?? null;
  const code_column = pick(CODE_COLUMN);
  const parent_column = pick(PARENT_COLUMN, [code_column]);
  const name_column = pick(NAME_COLUMN, [code_column, parent_column]) ?? (layer.columns.includes('name') ? 'name' : null);
  return {
    name: layer.name,
    format: layer.format,
    feature_count: layer.features.length,
    columns,
    crs: layer.crs,
    crs_problem: layer.crs_problem,
    encoding: layer.encoding,
    suggested: { level: suggestLevel(layer.name, layer.columns), name_column, code_column, parent_column },
  };
}

export async function packFeatures(layers: BoundaryLayer[]): Promise<Buffer> {
  return gzipAsync(Buffer.from(JSON.stringify(layers.map((l) => l.features))), { level: 1 });
}

export async function unpackLayerFeatures(stored: Buffer, layerIndex: number): Promise<BoundaryFeature[]> {
  const layers = JSON.parse((await gunzipAsync(stored)).toString('utf8')) as BoundaryFeature[][];
  return layers[layerIndex] ?? [];
}
