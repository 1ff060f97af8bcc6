import path from 'node:path';
import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { bodyError, InvalidInputError, NotFoundError, RequestRefusedError, type FieldError } from '../domain/errors.js';
import type { GeometryJson } from '../domain/geojson.js';
import { geometryErrors } from '../domain/geometry.js';
import { findKind } from '../domain/kinds/index.js';
import { stepsFromReported } from '../domain/lifecycle.js';
import type { Status } from '../domain/status.js';
import type { ProjectRow } from '../queries/projects.js';
import { appendHistory, insertProject, projectsByIds } from '../queries/projects.js';
import {
  applyUpdates,
  beatHeart,
  clearPlannedRows,
  compoundsAtPoints,
  deleteAbandonedImports,
  geometryVerdicts,
  importById,
  insertCreatedProjects,
  insertImport,
  insertPlannedRows,
  keysOfLedger,
  ledgerByName,
  ledgerWithSignature,
  lockAndRecheckUpdates,
  markPlaced,
  moveImport,
  outcomeCounts,
  recordLedgerKeys,
  saveLedger,
  saveValueReview,
  stepNote,
  packedSheetsOfImport,
  reconcileDirectory,
  districtsAt,
  unplacedRow,
  valueChoicesOf,
  warnedRowCount,
  type ImportRow,
  type PlannedRow,
} from '../queries/ledgerImports.js';
import type { ImportOptionsInput, ImportState, OutcomeCountsOutput, PlaceInput, RowProblemOutput } from '../domain/ledgerImport.js';
import { MAX_LEDGER_BYTES } from '../domain/ledgerImport.js';
import { LEDGER_FIELD_LABELS, type LedgerField } from '../domain/ledgerFields.js';
import { readRow, resolveRow, type ImportRecord, type MappedColumn, type ReadRow, type RowContext } from '../imports/ledgerRow.js';
import { Directory, resolveStreet, resolveUnit, ValueReview } from '../imports/ledgerReconcile.js';
import { readPosition } from '../imports/ledgerValues.js';
import { HEARTBEAT_MS, stepStopped, THIS_RUNNER } from '../imports/importRunner.js';
import { packSheets, unpackSheet } from '../imports/packedSheets.js';
import { parseLedgerInWorker } from '../imports/parseInWorker.js';
import type { Sheet } from '../imports/readLedgerFile.js';
import { columnLetter, dataRowsOf, headersOf, headerSignature, outlineSheet, rememberedMapping } from '../imports/sheetOutline.js';

/**
 * The ledger importer, shared by the upload in the app and `npm run import`:
 * read the file, outline its sheets, analyse the rows under a confirmed
 * mapping into a preview, then write the preview in one transaction.
 */
export interface ImportContext {
  pool: pg.Pool;
  actor: string;
  today: string;
}

/** Rows analysed per batch: each batch's queries are short, so other users' requests run in between. */
const BATCH = 500;

/** Progress of the imports this process is working on; the database says which ones those are. */
const running = new Map<number, { done: number; total: number }>();

/** The suffix of the workbook of rejected rows: its name leads back to the ledger it came from. */
export const REJECTED_SUFFIX = '-无法导入的行';

export const fileTooLarge = () =>
  new RequestRefusedError(
    413,
    'FILE_TOO_LARGE',
    `the file is larger than ${MAX_LEDGER_BYTES / 1024 / 1024} MB: split the ledger into several files, or remove its pictures`,
    `文件超过 ${MAX_LEDGER_BYTES / 1024 / 1024} MB:请将台账拆分为多个文件,或删除其中的图片`,
  );

// ---------------------------------------------------------------- upload

export async function uploadLedger(ctx: ImportContext, fileName: string, bytes: Buffer): Promise<ImportState> {
  if (bytes.length > MAX_LEDGER_BYTES) throw fileTooLarge();
  const sheets = await parseLedgerInWorker(bytes);
  const ledgerName = ledgerNameOf(fileName);
  const known = await ledgerByName(ctx.pool, ledgerName);
  const outline = await outlineWithMemory(ctx.pool, sheets, known?.mapping ?? null);
  if (!outline.some((s) => s.header_row !== null)) {
    throw new RequestRefusedError(
      400,
      'NO_HEADER',
      'no sheet has a header row naming the columns (such as 项目名称, 类型, 地址, 经度, 纬度) in its first 15 rows',
      '未找到表头:工作表前 15 行中没有列名行(如 项目名称、类型、地址、经度、纬度)',
    );
  }
  await deleteAbandonedImports(ctx.pool);
  const row = await insertImport(ctx.pool, {
    file_name: fileName,
    byte_size: bytes.length,
    created_by: ctx.actor,
    outline: { sheets: outline, ledger: { name: ledgerName, known: known !== undefined }, crs: known?.crs ?? 'wgs84' },
    sheets: await packSheets(sheets),
  });
  return importStateOf(row, false);
}

/** "石鼓区2024台账.xlsx" → "石鼓区2024台账"; a workbook of rejected rows names its ledger. */
function ledgerNameOf(fileName: string): string {
  const stem = path.basename(fileName).replace(/\.[^.]*$/, '').trim();
  return (stem.endsWith(REJECTED_SUFFIX) ? stem.slice(0, -REJECTED_SUFFIX.length) : stem) || '台账';
}

/** Outlines each sheet; a sheet of a new ledger laid out like a known one starts from that one's mapping. */
async function outlineWithMemory(pool: pg.Pool, sheets: Sheet[], remembered: Record<string, LedgerField | null> | null) {
  return Promise.all(
    sheets.map(async (sheet) => {
      const first = outlineSheet(sheet, remembered);
      if (remembered || first.header_row === null) return first;
      const sameLayout = await ledgerWithSignature(pool, headerSignature(first.columns.map((c) => c.header)));
      return sameLayout ? outlineSheet(sheet, sameLayout.mapping) : first;
    }),
  );
}

// ---------------------------------------------------------------- state

export async function importState(pool: pg.Pool, id: number): Promise<ImportState> {
  // Looked at before the database: a job that ends in between has already moved the import on.
  const wasRunning = running.has(id);
  const row = await importById(pool, id);
  if (!row) throw new NotFoundError(`there is no import ${id}`);
  return importStateOf(row, wasRunning);
}

function importStateOf(row: ImportRow, wasRunning: boolean): ImportState {
  const progress = running.get(row.id);
  // Busy in the database but its process stopped (and its transaction rolled back).
  const interrupted = isBusy(row) && stepStopped(row.runner, row.heartbeat_age, wasRunning || progress !== undefined);
  return {
    id: row.id,
    file_name: row.file_name,
    byte_size: row.byte_size,
    state: interrupted ? 'failed' : row.state,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    progress: progress ?? { done: row.progress_done, total: row.progress_total },
    sheets: row.outline.sheets,
    ledger: row.outline.ledger,
    crs: row.options?.crs ?? row.outline.crs,
    options: row.options,
    counts: row.counts,
    warned: row.state === 'previewed' || row.state === 'committed' ? row.warned : null,
    error: interrupted
      ? row.state === 'committing'
        ? { code: 'INTERRUPTED', message: 'the server stopped while writing; nothing was written: write again, or preview again', message_zh: '服务器在写入过程中停止,未写入任何数据:请重新确认写入,或重新预览' }
        : { code: 'INTERRUPTED', message: 'the server stopped during this step; nothing was written: preview again', message_zh: '服务器在处理过程中停止,未写入任何数据:请重新预览' }
      : row.error,
  };
}

// ---------------------------------------------------------------- preview

/**
 * Checks the confirmed mapping and starts analysing the rows. The app polls
 * the import's state (`job` runs on in the background); the CLI awaits `job`.
 */
export async function startPreview(
  ctx: ImportContext,
  id: number,
  options: ImportOptionsInput,
  onProgress?: Progress,
): Promise<{ state: ImportState; job: Promise<OutcomeCountsOutput> }> {
  const row = await importById(ctx.pool, id);
  if (!row) throw new NotFoundError(`there is no import ${id}`);
  const outline = row.outline.sheets.find((s) => s.name === options.sheet);
  const errors = optionErrors(options, outline);
  if (errors.length > 0) throw new InvalidInputError(errors);
  const stopped = stoppedElsewhere(row);
  // Marked as running before the database says so, or a poll in between would take it for interrupted.
  running.set(id, { done: 0, total: outline!.data_rows });
  const move = { options, progress_total: outline!.data_rows, counts: null, runner: THIS_RUNNER };
  const started =
    (await moveImport(ctx.pool, id, ['uploaded', 'previewed', 'failed'], 'analysing', move)) ||
    // A step whose process stopped is taken over, by one request only: the runner it had must still be there.
    (stopped && (await moveImport(ctx.pool, id, [row.state], 'analysing', { ...move, heldBy: row.runner })));
  if (!started) {
    running.delete(id);
    throw busy(row.state);
  }
  const job = tracked(ctx.pool, id, ['analysing'], outline!.data_rows, () => analyse(ctx, id, options, onProgress));
  return { state: await importState(ctx.pool, id), job };
}

type Progress = (done: number, total: number) => void;

const isBusy = (row: ImportRow) => row.state === 'analysing' || row.state === 'committing';

/** Busy in the database, but the process running the step stopped. */
const stoppedElsewhere = (row: ImportRow) => isBusy(row) && stepStopped(row.runner, row.heartbeat_age, running.has(row.id));

const busy = (state: string) =>
  new RequestRefusedError(409, 'IMPORT_BUSY', `the import is ${state}; wait for it to finish`, state === 'committed' ? '该导入已写入,不能再次预览或写入' : '该导入正在处理中,请稍候');

function optionErrors(options: ImportOptionsInput, outline: ImportRow['outline']['sheets'][number] | undefined): FieldError[] {
  if (!outline) return [bodyError('/sheet', `the file has no sheet "${options.sheet}"`, `文件中没有工作表“${options.sheet}”`)];
  const errors: FieldError[] = [];
  if (options.header_row !== outline.header_row) {
    errors.push(bodyError('/header_row', `the header is row ${(outline.header_row ?? 0) + 1} of this sheet`, `该工作表的表头在第 ${(outline.header_row ?? 0) + 1} 行`));
  }
  if (options.mapping.length !== outline.columns.length) {
    errors.push(bodyError('/mapping', `give one entry per column: the sheet has ${outline.columns.length}`, `映射须逐列给出:该工作表共 ${outline.columns.length} 列`));
  }
  const seen = new Map<LedgerField, number>();
  options.mapping.forEach((field, i) => {
    if (field === null) return;
    if (seen.has(field)) {
      errors.push(bodyError(`/mapping/${i}`, `${LEDGER_FIELD_LABELS[field].en} is already column ${seen.get(field)! + 1}`, `“${LEDGER_FIELD_LABELS[field].zh}”已对应第 ${seen.get(field)! + 1} 列`));
    }
    seen.set(field, i);
  });
  for (const required of ['title', 'kind'] as const) {
    if (!seen.has(required)) errors.push(bodyError('/mapping', `choose the column that holds ${LEDGER_FIELD_LABELS[required].en}`, `请指定“${LEDGER_FIELD_LABELS[required].zh}”所在的列`));
  }
  if (seen.has('lon') !== seen.has('lat')) errors.push(bodyError('/mapping', 'map both longitude and latitude, or neither', '经度和纬度须同时指定'));
  if (!seen.has('lon') && !seen.has('geometry') && !seen.has('address')) {
    errors.push(bodyError('/mapping', 'choose where the projects are: longitude and latitude, a geometry or an address', '请指定项目位置:经纬度、几何或地址所在的列'));
  }
  return errors;
}

/**
 * Runs an import's step with its progress visible to `importState`. When it
 * fails, the import says why (nothing was written) and the promise rejects.
 */
function tracked<T>(pool: pg.Pool, id: number, from: ImportRow['state'][], total: number, work: () => Promise<T>): Promise<T> {
  running.set(id, { done: 0, total });
  const heartbeat = keepBeating(pool, id);
  const job = work()
    .catch(async (err: unknown) => {
      const error =
        err instanceof RequestRefusedError
          ? { code: err.code, message: err.message, message_zh: err.message_zh }
          : { code: 'IMPORT_FAILED', message: `the import failed and wrote nothing: ${(err as Error).message}`, message_zh: `导入失败,未写入任何数据:${(err as Error).message}` };
      await moveImport(pool, id, from, 'failed', { error }).catch(() => undefined);
      throw err;
    })
    .finally(() => {
      clearInterval(heartbeat);
      running.delete(id);
    });
  // The app does not await the job: its failure is recorded above, not lost as an unhandled rejection.
  job.catch(() => undefined);
  return job;
}

/** Tells the database, every few seconds, that this process is still at work on the import; one beat at a time. */
function keepBeating(pool: pg.Pool, id: number): NodeJS.Timeout {
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    beatHeart(pool, id, THIS_RUNNER)
      .catch(() => undefined)
      .finally(() => {
        beating = false;
      });
  }, HEARTBEAT_MS);
  // A step's heartbeat is no reason to keep a CLI process alive.
  timer.unref();
  return timer;
}

/** Analyses every row and stores the preview; the same work whether the app or the CLI asked. */
export async function analyse(ctx: ImportContext, id: number, options: ImportOptionsInput, onProgress?: Progress): Promise<OutcomeCountsOutput> {
  const packed = await packedSheetsOfImport(ctx.pool, id);
  const sheet = packed && (await unpackSheet(packed, options.sheet));
  if (!sheet) throw new NotFoundError(`import ${id} has no sheet ${options.sheet}`);
  const headers = headersOf(sheet, options.header_row);
  const ledgerId = await saveLedger(ctx.pool, {
    name: options.ledger_name,
    mapping: rememberedMapping(headers, options.mapping),
    signature: headerSignature(headers),
    crs: options.crs,
    actor: ctx.actor,
  });
  await moveImport(ctx.pool, id, ['analysing'], 'analysing', { ledger_id: ledgerId, runner: THIS_RUNNER });
  const directory = await reconcileDirectory(ctx.pool);
  const rowCtx: RowContext = {
    columns: headers.map((header, index): MappedColumn => ({ index, letter: columnLetter(index), header, field: options.mapping[index] ?? null })),
    crs: options.crs,
    directory: new Directory(directory.units, directory.districts, directory.streets, options.ledger_name),
    choices: await valueChoicesOf(ctx.pool, ledgerId),
    review: new ValueReview(),
    today: ctx.today,
  };
  const dataRows = dataRowsOf(sheet, options.header_row);

  await clearPlannedRows(ctx.pool, id);
  const firstRowOfKey = new Map<string, number>();
  for (let start = 0; start < dataRows.length; start += BATCH) {
    const batch = dataRows.slice(start, start + BATCH).map((r) => readRow(r.cells, r.rowNumber, rowCtx));
    const planned = await planBatch(ctx.pool, ledgerId, batch, rowCtx, firstRowOfKey);
    await insertPlannedRows(ctx.pool, id, planned);
    report(id, start + batch.length, dataRows.length, onProgress);
  }
  await saveValueReview(ctx.pool, id, { ...rowCtx.review.list(), warned: await warnedRowCount(ctx.pool, id) });
  const counts = await outcomeCounts(ctx.pool, id);
  await moveImport(ctx.pool, id, ['analysing'], 'previewed', { counts });
  return counts;
}

function report(id: number, done: number, total: number, onProgress?: Progress) {
  running.set(id, { done, total });
  onProgress?.(done, total);
}

const rowProblem = (column: MappedColumn | undefined, en: string, zh: string): RowProblemOutput => ({
  column: column?.letter ?? null,
  header: column?.header ?? null,
  reason: en,
  reason_zh: zh,
});

/** Decides each row's outcome: what it needs from the database is asked once per batch. */
async function planBatch(pool: pg.Pool, ledgerId: number, rows: ReadRow[], ctx: RowContext, firstRowOfKey: Map<string, number>): Promise<PlannedRow[]> {
  const keyColumn = ctx.columns.find((c) => c.field === 'ledger_key');
  const geometryColumn = ctx.columns.find((c) => c.field === 'geometry') ?? ctx.columns.find((c) => c.field === 'lon');
  for (const row of rows) {
    if (row.row_key === null) {
      if (keyColumn) row.problems.push(rowProblem(keyColumn, 'the ledger key is empty: re-importing could not find this row again', '台账编号为空:重新导入时将无法对应此行'));
      continue;
    }
    const first = firstRowOfKey.get(row.row_key);
    if (first !== undefined) row.problems.push(rowProblem(keyColumn, `the same key as row ${first}`, `与第 ${first} 行的编号重复`));
    else firstRowOfKey.set(row.row_key, row.row_number);
  }

  const keys = await keysOfLedger(pool, ledgerId, rows.map((r) => r.row_key).filter((k): k is string => k !== null));
  const linked = new Map((await projectsByIds(pool, [...new Set([...keys.values()].map((k) => k.project_id))])).map((p) => [p.id, p]));

  // Compound projects are areas: a point in a ledger stands for the compound it falls in.
  const compoundPoints = rows.flatMap((r, i) =>
    r.geometry?.type === 'Point' && (r.values.kind ?? linkedProject(r)?.kind) === 'compound'
      ? [{ i, lon: (r.geometry.coordinates as number[])[0]!, lat: (r.geometry.coordinates as number[])[1]! }]
      : [],
  );
  const compounds = await compoundsAtPoints(pool, compoundPoints);
  for (const { i } of compoundPoints) {
    const row = rows[i]!;
    const compound = compounds.get(i);
    if (compound) {
      row.geometry = compound.geometry;
      row.warnings.push(rowProblem(geometryColumn, `the point lies in compound ${compound.name}: its boundary is used`, `该点位于小区“${compound.name}”内,采用该小区边界`));
    } else {
      // The point still tells the district (for the unit) before it gives way to the outline a planner will draw.
      row.district_hint = row.geometry ?? undefined;
      row.geometry = null;
      row.awaits_outline = true;
      row.warnings.push(rowProblem(geometryColumn, 'no compound boundary contains this point: the project waits for a planner to draw the compound (待勾画)', '该点不在任何已导入的小区范围内:待勾画,由规划人员在地图上勾画小区范围后生成项目'));
    }
  }
  const verdicts = await geometryVerdicts(
    pool,
    rows.flatMap((r, i) => (r.geometry && r.geometry.type !== 'Point' && r.problems.length === 0 ? [{ i, geometry: r.geometry }] : [])),
  );
  for (const [i, verdict] of verdicts) {
    if (!verdict.valid) rows[i]!.problems.push(rowProblem(geometryColumn, `invalid geometry: ${verdict.reason}`, `几何无效:${verdict.reason}`));
  }
  await resolveWrittenValues(pool, rows, ctx);
  return rows.map((row) => planRow(row, ctx, row.row_key === null ? undefined : keys.get(row.row_key), linkedProject(row), geometryColumn));

  function linkedProject(row: ReadRow) {
    const key = row.row_key === null ? undefined : keys.get(row.row_key);
    return key ? linked.get(key.project_id) : undefined;
  }
}

/**
 * Each row's district (from its position, else its street, district column or
 * the ledger's name), then its street and unit as that district knows them.
 * A unit found only as an abbreviation resolves with a warning; one not found
 * stops the row until the planner decides what the value means.
 */
async function resolveWrittenValues(pool: pg.Pool, rows: ReadRow[], ctx: RowContext): Promise<void> {
  const { directory, choices, review } = ctx;
  const placed = rows.flatMap((r, i) => {
    const geometry = r.geometry ?? r.district_hint;
    return geometry && r.problems.length === 0 ? [{ i, geometry }] : [];
  });
  const districtAtPosition = await districtsAt(pool, placed);
  const unitColumn = ctx.columns.find((c) => c.field === 'unit');
  rows.forEach((row, i) => {
    const named = row.written.district ? directory.districtNamed(row.written.district) : null;
    let districtId = districtAtPosition.get(i) ?? named ?? null;
    if (row.written.street) {
      const street = resolveStreet(row.written.street, districtId ?? directory.ledgerDistrictId, directory, choices);
      const streetDistrict = street.target === null ? null : (directory.streetsById.get(street.target)?.parent_id ?? null);
      districtId ??= streetDistrict;
      review.note('street', row.written.street, { source: street.source, target: street.target === null ? null : { id: street.target, name: street.name! }, district: districtRef(districtId) });
    }
    districtId ??= directory.ledgerDistrictId;
    const written = row.written.unit;
    if (!written) return;
    const unit = resolveUnit(written, districtId, directory, choices);
    review.note('unit', written, { source: unit.source, target: unit.target === null ? null : { id: unit.target, name: unit.name! }, district: districtRef(districtId) });
    if (unit.target === null) {
      row.problems.push(
        rowProblem(
          unitColumn,
          `there is no responsible unit "${written}"${districtId === null ? '' : ` in ${directory.districtName(districtId)}`}: choose what it means in the list of values (accept the suggestion, pick a unit, or create it)`,
          `责任单位“${written}”${districtId === null ? '' : `在${directory.districtName(districtId)}`}不存在:请在“值的核对”中确定其含义(采纳建议、选择单位或新建单位)`,
        ),
      );
      return;
    }
    row.values.unit_id = unit.target;
    if (unit.source === 'abbreviation') {
      row.warnings.push(
        rowProblem(unitColumn, `"${written}" is taken as ${unit.name}, the one unit of the district whose name it abbreviates`, `“${written}”按简称识别为“${unit.name}”(本区唯一与之相符的单位)`),
      );
    }
  });

  function districtRef(id: number | null) {
    return id === null ? null : { id, name: directory.districtName(id)! };
  }
}

function planRow(
  row: ReadRow,
  ctx: RowContext,
  key: { project_id: number; imported_version: number } | undefined,
  project: (ProjectRow & { deleted: boolean }) | undefined,
  geometryColumn: MappedColumn | undefined,
): PlannedRow {
  const planned = (outcome: PlannedRow['outcome'], extra: Partial<PlannedRow> = {}): PlannedRow => ({
    row_number: row.row_number,
    row_key: row.row_key,
    outcome,
    cells: row.cells,
    record: null,
    geometry: null,
    project_id: project?.id ?? null,
    base_version: project?.version ?? null,
    changes: null,
    problems: row.problems,
    warnings: row.warnings,
    ...extra,
  });
  const display = { title: row.title, kind: row.kind, address: row.address } as unknown as ImportRecord;
  if (key && project && (project.deleted || project.version !== key.imported_version)) {
    const why = project.deleted
      ? rowProblem(undefined, `project ${project.id} that this row created was deleted in the app; it is not recreated`, `此行对应的项目 ${project.id} 已在系统中删除,不会重新创建`)
      : rowProblem(undefined, `project ${project.id} was changed in the app since the last import (version ${key.imported_version} → ${project.version}); it is not overwritten`, `项目 ${project.id} 在上次导入后已在系统中修改(版本 ${key.imported_version} → ${project.version}),未覆盖`);
    return planned('conflict', { record: display, problems: [...row.problems, why] });
  }
  const base = project ? { record: recordOf(project), geometry: project.geometry } : null;
  const resolution = resolveRow(row, ctx, base, row.geometry);
  const problems = [...row.problems, ...(resolution.ok ? [] : resolution.problems.filter((p) => !row.problems.some((q) => q.column !== null && q.column === p.column)))];
  if (problems.length > 0) return planned('rejected', { record: display, problems });
  if (!resolution.ok) return planned('rejected', { record: display });
  const { record, geometry, changes } = resolution;
  const warnings = [...row.warnings, ...resolution.warnings];
  if (geometry === null) {
    // A compound's point is kept with the waiting row: the planner draws where the ledger says it is.
    if (record.address || row.awaits_outline) return planned('unplaced', { record, warnings, geometry: row.district_hint ?? null });
    return planned('rejected', {
      record,
      problems: [rowProblem(geometryColumn, 'the row has no position: fill in longitude and latitude, or at least an address', '此行没有位置:请填写经纬度,或至少填写地址')],
    });
  }
  if (!base) return planned('create', { record, geometry, warnings });
  if (Object.keys(changes).length === 0) return planned('unchanged', { record, warnings });
  return planned('update', { record, geometry: changes.geometry ? geometry : null, changes, warnings });
}

/** A stored project as the fields an import writes. */
function recordOf(p: ProjectRow): ImportRecord {
  return {
    kind: p.kind,
    title: p.title,
    description: p.description,
    address: p.address,
    status: p.status,
    unit_id: p.unit_id,
    deadline: p.deadline,
    reported_on: p.reported_on,
    completed_on: p.completed_on,
    verified_on: p.verified_on,
    households_benefited: p.households_benefited,
    attributes: p.attributes,
    reporter_name: p.reporter_name,
    reporter_phone: p.reporter_phone,
    internal_note: p.internal_note,
    completion_note: p.completion_note,
  };
}

// ---------------------------------------------------------------- commit

/** Rows written per statement: progress moves in steps this size, all inside the one transaction. */
const COMMIT_STEP = 2000;

/** Starts writing a previewed import; like startPreview, the app polls and the CLI awaits `job`. */
export async function startCommit(ctx: ImportContext, id: number, onProgress?: Progress): Promise<{ state: ImportState; job: Promise<OutcomeCountsOutput> }> {
  const row = await importById(ctx.pool, id);
  if (!row) throw new NotFoundError(`there is no import ${id}`);
  const total = (row.counts?.create ?? 0) + (row.counts?.update ?? 0);
  const stopped = stoppedElsewhere(row);
  running.set(id, { done: 0, total });
  const move = { counts: row.counts, runner: THIS_RUNNER };
  const started =
    (await moveImport(ctx.pool, id, ['previewed'], 'committing', move)) ||
    // A commit whose process stopped wrote nothing (one transaction): its preview stands, and may be written again.
    (row.state === 'committing' && stopped && (await moveImport(ctx.pool, id, ['committing'], 'committing', { ...move, heldBy: row.runner })));
  if (!started) {
    running.delete(id);
    if (row.state === 'uploaded' || row.state === 'failed' || (row.state === 'analysing' && stopped)) {
      throw new RequestRefusedError(409, 'NOT_PREVIEWED', 'preview the import before writing it', '请先预览,再确认写入');
    }
    throw busy(row.state);
  }
  const job = tracked(ctx.pool, id, ['committing'], total, () => commit(ctx, row, onProgress));
  return { state: await importState(ctx.pool, id), job };
}

/**
 * Writes every valid row of the preview in one transaction: the new projects,
 * the updates, one history row each, and the ledger keys. A row whose project
 * moved on since the preview becomes a conflict instead.
 */
export async function commit(ctx: ImportContext, row: ImportRow, onProgress?: Progress): Promise<OutcomeCountsOutput> {
  const ledgerName = row.options!.ledger_name;
  const note = `导入台账“${ledgerName}”第 {row} 行 · imported from ledger row {row}`;
  const lastRow = await lastRowNumber(ctx.pool, row.id);
  const total = (row.counts?.create ?? 0) + (row.counts?.update ?? 0);
  return withTransaction(ctx.pool, async (client) => {
    await lockAndRecheckUpdates(client, row.id);
    let done = 0;
    for (let from = 0; from <= lastRow; from += COMMIT_STEP) {
      const range = { from, to: from + COMMIT_STEP - 1 };
      done += await insertCreatedProjects(client, row.id, ctx.actor, note, range);
      done += await applyUpdates(client, row.id, ctx.actor, note, range);
      report(row.id, done, total, onProgress);
    }
    await recordLedgerKeys(client, row.id, row.ledger_id!);
    // In the same transaction as the rows: a server that stops in between leaves neither, so writing again writes once.
    const counts = await outcomeCounts(client, row.id);
    await moveImport(client, row.id, ['committing'], 'committed', { counts });
    return counts;
  });
}

async function lastRowNumber(pool: pg.Pool, id: number): Promise<number> {
  const { rows } = await pool.query<{ last: number | null }>('SELECT max(row_number) AS last FROM ledger_import_rows WHERE import_id = $1', [id]);
  return rows[0]!.last ?? 0;
}

// ---------------------------------------------------------------- placing unplaced rows

/**
 * Places an unplaced row where the planner clicked, or (a compound waiting to
 * be outlined) as the outline drawn: the project is created there, as the
 * import would have.
 */
export async function placeUnplacedRow(ctx: ImportContext, importId: number, rowNumber: number, place: PlaceInput): Promise<{ project_id: number }> {
  const drawn = place.geometry !== undefined;
  if (drawn && (place.lon !== undefined || place.lat !== undefined)) {
    throw new InvalidInputError([bodyError('/geometry', 'give either the point (lon, lat) or the geometry drawn, not both', '请给出点位(经纬度)或所画的范围,二者选一')]);
  }
  if (!drawn) {
    const position = readPosition(place.lon ?? null, place.lat ?? null, 'wgs84');
    if (!position.ok || position.value === null) {
      throw new InvalidInputError([bodyError(place.lat === undefined && place.lon !== undefined ? '/lat' : '/lon', position.ok ? 'give the point clicked (lon and lat) or the geometry drawn' : position.en, position.ok ? '请给出点击的位置(经纬度)或所画的范围' : position.zh)]);
    }
  }
  return withTransaction(ctx.pool, async (client) => {
    const row = await unplacedRow(client, importId, rowNumber, { lock: true });
    if (!row) throw new NotFoundError(`row ${rowNumber} of import ${importId} is not an unplaced row`);
    if (row.placed_project_id !== null) {
      throw new RequestRefusedError(409, 'ALREADY_PLACED', `this row was already placed as project ${row.placed_project_id}`, `此行已放置为项目 ${row.placed_project_id}`);
    }
    const geometry = drawn ? await drawnGeometry(client, row.record, place.geometry!) : await geometryAt(client, row.record, place.lon!, place.lat!);
    const { completion_note: completionNote, ...record } = row.record;
    const projectId = await insertProject(client, record, JSON.stringify(geometry));
    if (completionNote !== null) await client.query('UPDATE projects SET completion_note = $2 WHERE id = $1', [projectId, completionNote]);
    const note = `导入台账“${row.ledger_name}”第 ${rowNumber} 行,在地图上放置 · imported from ledger row ${rowNumber}, placed on the map`;
    await appendHistory(client, projectId, { version: 1, action: 'create', actor: ctx.actor, from_status: null, to_status: 'reported', changes: {}, note });
    let from: Status = 'reported';
    for (const to of stepsFromReported(record.status)) {
      await appendHistory(client, projectId, { version: 1, action: 'transition', actor: ctx.actor, from_status: from, to_status: to, changes: {}, note: stepNote(note) });
      from = to;
    }
    await markPlaced(client, importId, rowNumber, projectId, row.ledger_id, row.row_key);
    return { project_id: projectId };
  });
}

/** The geometry a planner drew, if the row's kind takes it and GEOS finds it valid. */
async function drawnGeometry(client: pg.PoolClient, record: ImportRecord, geometry: GeometryJson): Promise<GeometryJson> {
  const errors = geometryErrors(geometry, findKind(record.kind)!.geometryTypes);
  if (errors.length > 0) throw new InvalidInputError(errors);
  const verdict = (await geometryVerdicts(client, [{ i: 0, geometry }])).get(0);
  if (verdict && !verdict.valid) throw new InvalidInputError([bodyError('/geometry', `invalid geometry: ${verdict.reason}`, `几何无效:${verdict.reason}`)]);
  return geometry;
}

async function geometryAt(client: pg.PoolClient, record: ImportRecord, lon: number, lat: number): Promise<GeometryJson> {
  const point: GeometryJson = { type: 'Point', coordinates: [lon, lat] };
  const kind = findKind(record.kind)!;
  if (kind.code === 'compound') {
    const compound = (await compoundsAtPoints(client, [{ i: 0, lon, lat }])).get(0);
    if (!compound) {
      throw new InvalidInputError([bodyError('/lon', 'no compound boundary contains this point: click inside the compound', '该点不在任何小区范围内:请点击小区范围内的位置')]);
    }
    return compound.geometry;
  }
  const errors = geometryErrors(point, kind.geometryTypes);
  if (errors.length > 0) throw new InvalidInputError(errors);
  return point;
}
