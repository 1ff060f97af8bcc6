import type pg from 'pg';
import { PARENT_LEVEL, type AreaLevel } from '../domain/area.js';
import { bodyError, InvalidInputError, NotFoundError, RequestRefusedError, type FieldError } from '../domain/errors.js';
import { withTransaction } from '../db/transaction.js';
import { HEARTBEAT_MS, stepStopped, THIS_RUNNER } from '../imports/importRunner.js';
import { CrsError, crsFromCode, crsFromPrj, type Crs } from '../imports/areas/crs.js';
import { readBoundaryFile, type BoundaryFeature, type Cell } from '../imports/areas/readBoundaryFile.js';
import type { AreaImportCountsOutput, AreaImportNote, AreaImportOptionsInput, AreaImportStateOutput } from '../domain/areaImport.js';
import { outlineOf, packFeatures, unpackLayerFeatures, type StoredLayer } from '../imports/areas/storedLayers.js';
import {
  addRowNotes,
  areaImportById,
  beatAreaImportHeart,
  clearAreaImportRows,
  codesTakenSincePreview,
  countAreaImportRows,
  deleteAbandonedAreaImports,
  featuresOfAreaImport,
  gapsOfParents,
  insertAreaImport,
  insertAreaImportRows,
  insertAreasFromImport,
  matchAreasByCode,
  matchAreasByName,
  moveAreaImport,
  parentsByColumn,
  parentsByLocation,
  rederiveAreasOf,
  rejectRepeatedCodes,
  repairAreaBoundaries,
  siblingOverlaps,
  updateAreasFromImport,
  type AreaImportRecord,
  type ReadAreaRow,
} from '../queries/areaImports.js';

/**
 * The boundary importer, shared by the admin's page and `npm run import:areas`:
 * read the file, preview it area by area under the admin's choice of level,
 * columns and coordinate system, then write every area in one transaction.
 */
export interface AreaImportContext {
  pool: pg.Pool;
  actor: string;
}

/** Rows read and stored per batch, so other requests run in between. */
const BATCH = 200;

/** Imports this process is working on, with their progress; the database says which are busy. */
const running = new Map<number, { done: number; total: number }>();

// ---------------------------------------------------------------- upload

export async function uploadBoundaryFile(ctx: AreaImportContext, fileName: string, bytes: Buffer): Promise<AreaImportStateOutput> {
  const layers = await readBoundaryFile(fileName, bytes);
  await deleteAbandonedAreaImports(ctx.pool);
  const record = await insertAreaImport(ctx.pool, {
    file_name: fileName,
    byte_size: bytes.length,
    created_by: ctx.actor,
    outline: { layers: layers.map(outlineOf) },
    features: await packFeatures(layers),
  });
  return stateOf(record, false);
}

// ---------------------------------------------------------------- state

export async function areaImportState(pool: pg.Pool, id: number): Promise<AreaImportStateOutput> {
  const wasRunning = running.has(id);
  const record = await areaImportById(pool, id);
  if (!record) throw new NotFoundError(`there is no boundary import ${id}`);
  return stateOf(record, wasRunning);
}

const isBusy = (r: AreaImportRecord) => r.state === 'analysing' || r.state === 'committing';
const stoppedElsewhere = (r: AreaImportRecord) => isBusy(r) && stepStopped(r.runner, r.heartbeat_age, running.has(r.id));

function stateOf(record: AreaImportRecord, wasRunning: boolean): AreaImportStateOutput {
  const progress = running.get(record.id);
  const interrupted = isBusy(record) && stepStopped(record.runner, record.heartbeat_age, wasRunning || progress !== undefined);
  const layers = record.outline.layers;
  const chosen = layerOf(layers, record.options?.layer) ?? layers[0];
  return {
    id: record.id,
    file_name: record.file_name,
    byte_size: record.byte_size,
    state: interrupted ? 'failed' : record.state,
    created_by: record.created_by,
    created_at: record.created_at.toISOString(),
    columns: chosen?.columns.map((c) => c.name) ?? [],
    layers: layers.map((l) => ({
      name: l.name,
      format: l.format,
      feature_count: l.feature_count,
      columns: l.columns,
      crs: l.crs ? { code: l.crs.code, label: l.crs.label, source: l.crs.source } : null,
      crs_problem: l.crs_problem ? { message: l.crs_problem.en, message_zh: l.crs_problem.zh } : null,
      encoding: l.encoding,
      suggested: l.suggested,
    })),
    options: record.options,
    progress: progress ?? { done: 0, total: 0 },
    counts: record.counts,
    gaps: record.findings?.gaps ?? [],
    error: interrupted
      ? { code: 'INTERRUPTED', message: 'the server stopped during this step; nothing was written: preview again', message_zh: '服务器在处理过程中停止,未写入任何数据:请重新预览' }
      : record.error,
    committed_at: record.committed_at?.toISOString() ?? null,
  };
}

const layerOf = (layers: StoredLayer[], name: string | undefined) => (name === undefined ? layers[0] : layers.find((l) => l.name === name));

// ---------------------------------------------------------------- preview

/** The coordinate system the preview reads positions in: the admin's, else the layer's own. */
function crsOfOptions(options: AreaImportOptionsInput, layer: StoredLayer): Crs | FieldError {
  try {
    if (options.crs) return crsFromCode(options.crs);
    if (layer.crs?.code) return crsFromCode(layer.crs.code);
    if (layer.crs?.prj) return crsFromPrj(layer.crs.prj);
  } catch (err) {
    if (err instanceof CrsError) return bodyError('/crs', err.en, err.zh);
    throw err;
  }
  const why = layer.crs_problem ?? { en: 'the file does not say its coordinate system', zh: '文件未说明坐标系' };
  return bodyError('/crs', `${why.en}: choose one`, `${why.zh}:请选择坐标系`);
}

function optionErrors(options: AreaImportOptionsInput, layers: StoredLayer[]): { errors: FieldError[]; layer?: StoredLayer; crs?: Crs } {
  const layer = layerOf(layers, options.layer);
  if (!layer) return { errors: [bodyError('/layer', `the file has no layer "${options.layer}"; it has ${layers.map((l) => l.name).join(', ')}`, `文件中没有图层“${options.layer}”`)] };
  const errors: FieldError[] = [];
  const columns = layer.columns.map((c) => c.name);
  for (const key of ['name_column', 'code_column', 'parent_column', 'name_en_column'] as const) {
    const column = options[key];
    if (column && !columns.includes(column)) errors.push(bodyError(`/${key}`, `the layer has no column "${column}"`, `图层中没有“${column}”列`));
  }
  const crs = crsOfOptions(options, layer);
  if ('field' in crs) errors.push(crs);
  return { errors, layer, crs: 'field' in crs ? undefined : crs };
}

/** Checks the admin's choices and starts the preview; the app polls, the CLI awaits `job`. */
export async function startAreaPreview(
  ctx: AreaImportContext,
  id: number,
  options: AreaImportOptionsInput,
): Promise<{ state: AreaImportStateOutput; job: Promise<AreaImportCountsOutput> }> {
  const record = await areaImportById(ctx.pool, id);
  if (!record) throw new NotFoundError(`there is no boundary import ${id}`);
  const { errors, layer, crs } = optionErrors(options, record.outline.layers);
  if (errors.length > 0) throw new InvalidInputError(errors);
  const layerIndex = record.outline.layers.indexOf(layer!);
  const stopped = stoppedElsewhere(record);
  running.set(id, { done: 0, total: layer!.feature_count });
  const move = { options, counts: null, findings: null, runner: THIS_RUNNER };
  const started =
    (await moveAreaImport(ctx.pool, id, ['uploaded', 'previewed', 'failed'], 'analysing', move)) ||
    (stopped && (await moveAreaImport(ctx.pool, id, [record.state], 'analysing', { ...move, heldBy: record.runner })));
  if (!started) {
    running.delete(id);
    throw busy(record.state);
  }
  const job = tracked(ctx.pool, id, 'analysing', () => analyseAreas(ctx.pool, id, options, layerIndex, crs!));
  return { state: await areaImportState(ctx.pool, id), job };
}

const busy = (state: string) =>
  new RequestRefusedError(
    409,
    'IMPORT_BUSY',
    state === 'committed' ? 'the boundary import has been written already' : `the boundary import is ${state}; wait for it to finish`,
    state === 'committed' ? '该边界导入已写入,不能再次预览或写入' : '该边界导入正在处理中,请稍候',
  );

/** Runs a step in the background with a heartbeat; a failure is recorded on the import, not lost. */
function tracked<T>(pool: pg.Pool, id: number, step: 'analysing' | 'committing', work: () => Promise<T>): Promise<T> {
  const heartbeat = setInterval(() => void beatAreaImportHeart(pool, id, THIS_RUNNER).catch(() => undefined), HEARTBEAT_MS);
  heartbeat.unref();
  const job = work()
    .catch(async (err: unknown) => {
      const error =
        err instanceof RequestRefusedError
          ? { code: err.code, message: err.message, message_zh: err.message_zh }
          : { code: 'IMPORT_FAILED', message: `the import failed and wrote nothing: ${(err as Error).message}`, message_zh: `导入失败,未写入任何数据:${(err as Error).message}` };
      await moveAreaImport(pool, id, [step], 'failed', { error }).catch(() => undefined);
      throw err;
    })
    .finally(() => {
      clearInterval(heartbeat);
      running.delete(id);
    });
  job.catch(() => undefined);
  return job;
}

const note = (code: string, message: string, message_zh: string): AreaImportNote => ({ code, message, message_zh });
const cellText = (cell: Cell | undefined): string | null => {
  if (cell === null || cell === undefined) return null;
  const text = (typeof cell === 'number' && Number.isInteger(cell) ? cell.toFixed(0) : String(cell)).normalize('NFKC').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
};

const CODE_PATTERN = /^[0-9A-Za-z-]{2,32}$/;
/** China's extent, generously: a boundary outside it was read in the wrong coordinate system. */
const CHINA = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 };

/** A feature as a row: its cells, and its boundary moved to WGS-84; what cannot be used is a problem. */
export function readAreaFeature(feature: BoundaryFeature, rowNumber: number, options: AreaImportOptionsInput, crs: Crs): ReadAreaRow {
  const problems: AreaImportNote[] = [];
  const name = cellText(feature.properties[options.name_column]);
  const code = options.code_column ? cellText(feature.properties[options.code_column]) : null;
  if (!name) problems.push(note('no_name', `the ${options.name_column} column is empty`, `“${options.name_column}”列为空`));
  if (code !== null && !CODE_PATTERN.test(code)) {
    problems.push(note('bad_code', `the code "${code}" is not 2–32 letters, digits or "-"`, `代码“${code}”须为 2–32 位字母、数字或“-”`));
  }
  const geometry = feature.geometry;
  let moved: string | null = null;
  if (!geometry) problems.push(note('no_boundary', 'the feature has no boundary', '该要素没有边界'));
  else if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    problems.push(note('not_polygon', `the feature is a ${geometry.type}, not an area's boundary`, `该要素是${geometry.type},不是区域边界(面)`));
  } else {
    const outside: [number, number][] = [];
    const coordinates = moveRings(geometry.coordinates, crs, outside);
    if (outside.length > 0) {
      const [lon, lat] = outside[0]!;
      problems.push(
        note(
          'outside_china',
          `read as ${crs.label}, it lies at ${lon.toFixed(4)}, ${lat.toFixed(4)}, outside China: is the coordinate system right?`,
          `按 ${crs.label} 读取后位于 ${lon.toFixed(4)}, ${lat.toFixed(4)},不在中国境内:坐标系是否正确?`,
        ),
      );
    } else {
      moved = JSON.stringify({ type: geometry.type, coordinates });
    }
  }
  return {
    row_number: rowNumber,
    name,
    name_en: options.name_en_column ? cellText(feature.properties[options.name_en_column]) : null,
    code,
    parent_ref: options.parent_column ? cellText(feature.properties[options.parent_column]) : null,
    problems,
    warnings: [],
    geometry: problems.length > 0 ? null : moved,
  };
}

type Nested = number[] | Nested[];

function moveRings(value: Nested, crs: Crs, outside: [number, number][]): Nested {
  if (typeof value[0] === 'number') {
    const [lon, lat] = crs.toWgs84([value[0], value[1] as number]);
    if (!(lon >= CHINA.minLon && lon <= CHINA.maxLon && lat >= CHINA.minLat && lat <= CHINA.maxLat)) outside.push([lon, lat]);
    return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
  }
  return (value as Nested[]).map((v) => moveRings(v, crs, outside));
}

/** Share of a row's area another area of its level may cover before the two are taken for the same place. */
const SAME_PLACE_SHARE = 0.5;
/** An overlap under this share of the row is a sliver along a shared border. */
const SLIVER_SHARE = 0.01;

async function analyseAreas(pool: pg.Pool, id: number, options: AreaImportOptionsInput, layerIndex: number, crs: Crs): Promise<AreaImportCountsOutput> {
  const stored = await featuresOfAreaImport(pool, id);
  if (!stored) throw new NotFoundError(`boundary import ${id} has no file any more`);
  const features = await unpackLayerFeatures(stored, layerIndex);
  await clearAreaImportRows(pool, id);
  const progress = running.get(id) ?? { done: 0, total: features.length };
  for (let start = 0; start < features.length; start += BATCH) {
    const batch = features.slice(start, start + BATCH).map((f, i) => readAreaFeature(f, start + i + 1, options, crs));
    await insertAreaImportRows(pool, id, batch);
    progress.done = Math.min(features.length, start + BATCH);
  }
  const level = options.level;
  const parentLevel: AreaLevel | null = PARENT_LEVEL[level];
  await repairAreaBoundaries(pool, id);
  await rejectRepeatedCodes(pool, id);
  await matchAreasByCode(pool, id, level);
  if (parentLevel) {
    await parentsByColumn(pool, id, parentLevel);
    await parentsByLocation(pool, id, parentLevel);
  }
  await matchAreasByName(pool, id, level);
  await noteOverlaps(pool, id, level);
  const gaps = parentLevel ? await gapsOfParents(pool, id, level) : [];
  const counts = await countAreaImportRows(pool, id);
  const moved = await moveAreaImport(pool, id, ['analysing'], 'previewed', { counts, findings: { gaps } });
  if (!moved) throw busy('analysing');
  return counts;
}

async function noteOverlaps(pool: pg.Pool, id: number, level: AreaLevel): Promise<void> {
  const pairs = await siblingOverlaps(pool, id, level);
  const notes = pairs.map((p) => {
    const share = p.area_m2 > 0 ? p.overlap_m2 / p.area_m2 : 1;
    const m2 = Math.round(p.overlap_m2).toLocaleString('en-US');
    const percent = (share * 100).toFixed(share < 0.01 ? 2 : 1);
    if (share >= SAME_PLACE_SHARE) {
      return {
        row_number: p.row_number,
        reject: true,
        note: note('same_place', `${percent}% of it is ${p.other_name}: the same area twice, or the wrong level?`, `其 ${percent}% 与${p.other_name}重合:是否重复,或层级选错?`),
      };
    }
    return {
      row_number: p.row_number,
      reject: false,
      note:
        share < SLIVER_SHARE
          ? note('sliver', `a sliver of ${m2} m² overlaps ${p.other_name} along the shared border`, `与${p.other_name}在交界处有 ${m2} 平方米的狭长重叠`)
          : note('overlap', `overlaps ${p.other_name} by ${m2} m² (${percent}%)`, `与${p.other_name}重叠 ${m2} 平方米(${percent}%)`),
    };
  });
  await addRowNotes(pool, id, notes);
}

// ---------------------------------------------------------------- commit

/** Writes the previewed areas in one transaction; the app polls, the CLI awaits `job`. */
export async function startAreaCommit(ctx: AreaImportContext, id: number): Promise<{ state: AreaImportStateOutput; job: Promise<AreaImportCountsOutput> }> {
  const record = await areaImportById(ctx.pool, id);
  if (!record) throw new NotFoundError(`there is no boundary import ${id}`);
  if (record.state !== 'previewed' && !(record.state === 'committing' && stoppedElsewhere(record))) {
    throw record.state === 'uploaded' || record.state === 'failed'
      ? new RequestRefusedError(409, 'NOT_PREVIEWED', 'preview the import before writing it', '请先预览,再写入')
      : busy(record.state);
  }
  running.set(id, { done: 0, total: (record.counts?.create ?? 0) + (record.counts?.update ?? 0) });
  const started = await moveAreaImport(ctx.pool, id, [record.state], 'committing', { runner: THIS_RUNNER, heldBy: record.runner });
  if (!started) {
    running.delete(id);
    throw busy(record.state);
  }
  const job = tracked(ctx.pool, id, 'committing', () => commitAreas(ctx.pool, id, record));
  return { state: await areaImportState(ctx.pool, id), job };
}

async function commitAreas(pool: pg.Pool, id: number, record: AreaImportRecord): Promise<AreaImportCountsOutput> {
  const level = record.options!.level;
  const prefectureFromParent = level === 'district' && Boolean(record.options!.parent_column);
  return withTransaction(pool, async (client) => {
    const taken = await codesTakenSincePreview(client, id);
    if (taken.length > 0) {
      throw new RequestRefusedError(
        409,
        'CODE_TAKEN_SINCE_PREVIEW',
        `areas with the codes ${taken.join(', ')} were added since the preview: preview again`,
        `预览之后已有区域使用了代码 ${taken.join('、')}:请重新预览`,
      );
    }
    const updated = await updateAreasFromImport(client, id, prefectureFromParent);
    const created = await insertAreasFromImport(client, id, level, prefectureFromParent);
    await rederiveAreasOf(client, [...updated, ...created]);
    const counts = await countAreaImportRows(client, id);
    // The state moves in the same transaction as the areas: written and marked so, or neither.
    const moved = await moveAreaImport(client, id, ['committing'], 'committed', { counts, findings: record.findings });
    if (!moved) throw busy('committing');
    return counts;
  });
}
