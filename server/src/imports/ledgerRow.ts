import gcoord from 'gcoord';
import { addDays, type IsoDate } from '../domain/dates.js';
import type { FieldError } from '../domain/errors.js';
import type { GeometryJson } from '../domain/geojson.js';
import { findKind, type KindCode } from '../domain/kinds/index.js';
import { EDITABLE_FIELDS, inputSchemaErrors, resolveProject, type ProjectInput, type ProjectRecord } from '../domain/project.js';
import { ASSIGNED_STATUSES, DONE_STATUSES, isOpen, type Status } from '../domain/status.js';
import type { CoordinateSystemName, RowProblemOutput, ValueTargetOutput } from '../domain/ledgerImport.js';
import type { LedgerField } from '../domain/ledgerFields.js';
import { kindTarget, statusTarget, valueKey, type Directory, type ValueChoices, type ValueReview } from './ledgerReconcile.js';
import { cellLongText, cellText, exactKind, readCount, readDate, readKind, readPosition, readStatus, type Read } from './ledgerValues.js';
import type { Cell } from './readLedgerFile.js';

/** What an import writes to a project: the editable fields, the loop's state, and the completion note. */
export interface ImportRecord extends ProjectRecord {
  completion_note: string | null;
}
type RecordField = keyof ImportRecord;

export interface MappedColumn {
  index: number;
  letter: string;
  header: string;
  field: LedgerField | null;
}

export interface RowContext {
  columns: readonly MappedColumn[];
  crs: CoordinateSystemName;
  /** The units, districts and streets values are resolved against. */
  directory: Directory;
  /** What the planner decided the ledger's values mean. */
  choices: ValueChoices;
  /** Where the values that did not match exactly are collected for the planner. */
  review: ValueReview;
  today: IsoDate;
}

/** A ledger row as read: the values of its mapped columns, before it meets the database. */
export interface ReadRow {
  row_number: number;
  cells: Cell[];
  row_key: string | null;
  title: string | null;
  kind: KindCode | null;
  address: string | null;
  /** The unit, street and district as written; undefined when the column is not mapped. Resolved once the row's district is known. */
  written: { unit?: string | null; street?: string | null; district?: string | null };
  /** Only the fields the ledger maps: on an update, the others keep the project's values. */
  values: Partial<ImportRecord>;
  /** From the geometry column, or a point from longitude and latitude; null when the row gives neither. */
  geometry: GeometryJson | null;
  problems: RowProblemOutput[];
  warnings: RowProblemOutput[];
  /** The ledger states a status (an empty cell states none, and reads as reported). */
  status_given: boolean;
  /** A 老旧小区 point no compound contains: it waits for a planner to draw the outline (待勾画). */
  awaits_outline?: boolean;
  /** That point: it still tells the row's district. */
  district_hint?: GeometryJson;
}

/** Unit names compare without spaces or full-width forms, as clerks type them differently. */
export const unitNameKey = valueKey;

/** The cells of one row, read through the confirmed mapping. */
export function readRow(cells: Cell[], rowNumber: number, ctx: RowContext): ReadRow {
  const problems: RowProblemOutput[] = [];
  const warnings: RowProblemOutput[] = [];
  const columnOf = (field: LedgerField) => ctx.columns.find((c) => c.field === field);
  const cellOf = (field: LedgerField): Cell | undefined => {
    const column = columnOf(field);
    return column ? (cells[column.index] ?? null) : undefined;
  };
  const problem = (field: LedgerField | null, en: string, zh: string, into = problems) => {
    const column = field ? columnOf(field) : undefined;
    into.push({ column: column?.letter ?? null, header: column?.header ?? null, reason: en, reason_zh: zh });
  };
  /** Reads a mapped column; unmapped columns give undefined, so the field is left alone. */
  const read = <T>(field: LedgerField, reader: (cell: Cell) => Read<T>): T | undefined => {
    const cell = cellOf(field);
    if (cell === undefined) return undefined;
    const result = reader(cell);
    if (result.ok) return result.value;
    problem(field, result.en, result.zh);
    return undefined;
  };
  const text = (field: LedgerField) => {
    const cell = cellOf(field);
    return cell === undefined ? undefined : cellText(cell);
  };
  const longText = (field: LedgerField) => {
    const cell = cellOf(field);
    return cell === undefined ? undefined : cellLongText(cell);
  };

  const values: Partial<ImportRecord> = {};
  const set = <K extends RecordField>(key: K, value: ImportRecord[K] | undefined) => {
    if (value !== undefined) values[key] = value;
  };

  const title = text('title') ?? null;
  if (columnOf('title') && title === null) problem('title', 'the title is empty', '项目名称为空');
  set('title', title ?? undefined);
  const kind = readReconciled('kind', readKind, (t) => ctx.choices.kind?.[valueKey(t)], (t) => exactKind(t), kindTarget) ?? null;
  set('kind', kind ?? undefined);
  set('status', readReconciled('status', readStatus, (t) => ctx.choices.status?.[valueKey(t)], exactStatus, statusTarget));
  const address = text('address') ?? null;
  set('address', text('address'));
  set('description', longText('description'));
  set('completion_note', longText('completion_note'));
  set('internal_note', longText('internal_note'));
  set('reporter_name', text('reporter_name'));
  set('reporter_phone', text('reporter_phone'));
  set('reported_on', read('reported_on', readDate) ?? undefined);
  set('deadline', read('deadline', readDate));
  set('completed_on', read('completed_on', readDate));
  set('verified_on', read('verified_on', readDate));
  set('households_benefited', read('households', readCount));
  set('attributes', read('attributes', readAttributes));

  const written = { unit: text('unit'), street: text('street'), district: text('district') };
  if (written.unit === null) set('unit_id', null);

  let geometry: GeometryJson | null = null;
  const geometryCell = cellOf('geometry');
  if (geometryCell !== undefined && cellText(geometryCell) !== null) {
    const read = readGeometry(geometryCell, ctx.crs);
    if (read.ok) geometry = read.value;
    else problem('geometry', read.en, read.zh);
  }
  if (geometry === null && (columnOf('lon') || columnOf('lat'))) {
    const position = readPosition(cellOf('lon') ?? null, cellOf('lat') ?? null, ctx.crs);
    if (!position.ok) problem(columnOf('lon') ? 'lon' : 'lat', position.en, position.zh);
    else if (position.value) {
      geometry = { type: 'Point', coordinates: position.value };
      if (ctx.crs === 'gcj02') problem('lon', 'converted from GCJ-02 to WGS-84', '坐标已由 GCJ-02 转换为 WGS-84', warnings);
    }
  }

  return {
    row_number: rowNumber,
    cells,
    row_key: text('ledger_key') ?? null,
    title,
    kind,
    address,
    written,
    status_given: !!text('status'),
    values,
    geometry,
    problems,
    warnings,
  };

  /**
   * A kind or status: the planner's choice for the value, else the reader's
   * answer; a value that is not one of the field's own words is noted for the
   * planner, with what the reader made of it as the suggestion.
   */
  function readReconciled<T extends string>(
    field: 'kind' | 'status',
    reader: (cell: Cell) => Read<T>,
    chosen: (text: string) => T | undefined,
    exact: (text: string) => T | null,
    target: (value: T) => ValueTargetOutput,
  ): T | undefined {
    const written = text(field);
    if (written === undefined || written === null) return read(field, reader);
    const choice = chosen(written);
    if (choice !== undefined) {
      ctx.review.note(field, written, { source: 'choice', target: target(choice), district: null });
      return choice;
    }
    const value = read(field, reader);
    const isExact = exact(written) !== null;
    ctx.review.note(field, written, { source: isExact ? 'exact' : value === undefined ? null : 'similar', target: value === undefined ? null : target(value), district: null });
    return value;
  }
}

function exactStatus(text: string): Status | null {
  const read = readStatus(text);
  return read.ok ? read.value : null;
}

function readAttributes(cell: Cell): Read<Record<string, unknown>> {
  const text = cellText(cell);
  if (text === null) return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { ok: true, value: value as Record<string, unknown> };
  } catch {
    // Falls through to the reason below.
  }
  return { ok: false, en: 'the attributes are not a JSON object such as {"piles": 4}', zh: '项目属性应为 JSON 对象,如 {"piles": 4}' };
}

function readGeometry(cell: Cell, crs: CoordinateSystemName): Read<GeometryJson> {
  let value: unknown;
  try {
    value = JSON.parse(String(cell));
  } catch {
    return { ok: false, en: 'the geometry is not GeoJSON', zh: '几何不是有效的 GeoJSON' };
  }
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Feature') value = (value as { geometry?: unknown }).geometry;
  if (!value || typeof value !== 'object' || typeof (value as { type?: unknown }).type !== 'string' || !Array.isArray((value as { coordinates?: unknown }).coordinates)) {
    return { ok: false, en: 'the geometry is not a GeoJSON geometry with coordinates', zh: '几何不是带坐标的 GeoJSON 几何对象' };
  }
  const geometry = value as GeometryJson;
  if (crs === 'gcj02') return { ok: true, value: gcoord.transform(geometry as never, gcoord.GCJ02, gcoord.WGS84) as unknown as GeometryJson };
  return { ok: true, value: geometry };
}

/** The project a read row makes, resolved over what is stored (an update) or the defaults (a new one). */
export type Resolution =
  | { ok: true; record: ImportRecord; geometry: GeometryJson | null; changes: Record<string, [unknown, unknown]>; warnings: RowProblemOutput[] }
  | { ok: false; problems: RowProblemOutput[] };

/**
 * Applies the ledger's values over `base` (the linked project, or nothing for
 * a new one) and checks the result with the same rules as the app's forms.
 * `geometryPending`: the geometry is still to come (an unplaced row, or a
 * compound found from a point), so its checks wait.
 */
export function resolveRow(
  row: ReadRow,
  ctx: RowContext,
  base: { record: ImportRecord; geometry: GeometryJson } | null,
  geometry: GeometryJson | null,
): Resolution {
  const merged: Partial<ImportRecord> = { ...base?.record, ...row.values };
  const kind = merged.kind ? findKind(merged.kind) : undefined;
  const problems: RowProblemOutput[] = [];
  const warnings: RowProblemOutput[] = [];
  const toColumn = columnForField(ctx.columns, problems);
  const warn = columnForField(ctx.columns, warnings);
  if (!merged.title) toColumn('title', 'a project needs a title', '缺少项目名称');
  if (!kind) toColumn('kind', 'a project needs a kind', '缺少项目类型');
  if (!merged.title || !kind) return { ok: false, problems };
  let status: Status = merged.status ?? 'reported';
  // A ledger row with a unit and a deadline, and no status, has been handed over: it does not wait for a 交办 click.
  if (status === 'reported' && !row.status_given && merged.unit_id && merged.deadline) {
    status = 'assigned';
    warn('unit', 'it has a responsible unit and a deadline: it arrives assigned', '已有责任单位和完成时限:导入后即为“已交办”');
  }
  // A date the ledger did not give, carried over from the project, lapses when the ledger moves the status back.
  const completedOn = 'completed_on' in row.values || DONE_STATUSES.includes(status) ? (merged.completed_on ?? null) : null;
  const verifiedOn = 'verified_on' in row.values || status === 'verified' ? (merged.verified_on ?? null) : null;
  // What a ledger lacks is said, not refused: the measures leave an unknown day out and say how many they left out.
  if (DONE_STATUSES.includes(status) && completedOn === null) {
    warn('completed_on', 'completed on an unknown day: left out of the on-time rate and the mean days to complete', '完成日期未知:不计入按期完成率和平均办结天数');
  }
  if (status === 'verified' && verifiedOn === null) warn('verified_on', 'verified on an unknown day', '回访销号日期未知');
  if (ASSIGNED_STATUSES.includes(status) && !merged.unit_id) toColumn('unit', `a project that is ${status} needs a responsible unit`, '已交办的项目须填写责任单位');

  const today = ctx.today;
  // A ledger row without a report date is older than anything else it dates.
  const reportedOn = merged.reported_on ?? [completedOn, verifiedOn, merged.deadline, today].filter((d): d is IsoDate => !!d && d <= today).sort()[0]!;
  const deadline = merged.deadline ?? (ASSIGNED_STATUSES.includes(status) && isOpen(status) ? addDays(reportedOn, kind.defaultTimeLimitDays) : null);
  const input = Object.fromEntries(
    EDITABLE_FIELDS.map((f) => [f, f === 'reported_on' ? reportedOn : f === 'deadline' ? deadline : merged[f]]).filter(([, v]) => v !== undefined && v !== null),
  ) as ProjectInput;
  for (const e of inputSchemaErrors(input)) toError(e);
  const finalGeometry = geometry ?? base?.geometry ?? null;
  const resolved = resolveProject(input, finalGeometry ?? standIn(kind.geometryTypes), today, { status, completed_on: completedOn, verified_on: verifiedOn });
  if (!resolved.ok) for (const e of resolved.errors) if (finalGeometry !== null || !e.field.startsWith('/geometry')) toError(e);
  if (problems.length > 0 || !resolved.ok) return { ok: false, problems };

  const record: ImportRecord = { ...resolved.record, completion_note: merged.completion_note ?? null };
  return { ok: true, record, geometry: finalGeometry, changes: base ? changedFields(base, record, finalGeometry) : {}, warnings };

  function toError(e: FieldError) {
    const field = e.field.replace(/^\/properties\//, '').split('/')[0]!;
    toColumn(LEDGER_FIELD_OF[field] ?? null, e.reason, e.reason_zh);
  }
}

/** A geometry of the kind's type, checked in place of one still to come: its own checks wait for the real one. */
function standIn(types: readonly string[]): GeometryJson {
  if (types.includes('Point')) return { type: 'Point', coordinates: [0, 0] };
  return { type: 'Polygon', coordinates: [[[0, 0], [0.001, 0], [0.001, 0.001], [0, 0.001], [0, 0]]] };
}

/** Which ledger column an error about a project field points at. */
const LEDGER_FIELD_OF: Record<string, LedgerField> = {
  unit_id: 'unit',
  households_benefited: 'households',
  '/geometry': 'geometry',
  geometry: 'geometry',
  ...Object.fromEntries(
    (['title', 'kind', 'status', 'address', 'description', 'deadline', 'reported_on', 'completed_on', 'verified_on', 'attributes', 'reporter_name', 'reporter_phone', 'internal_note', 'completion_note'] as const).map((f) => [f, f]),
  ),
};

function columnForField(columns: readonly MappedColumn[], into: RowProblemOutput[]) {
  return (field: LedgerField | null, en: string, zh: string) => {
    const column = columns.find((c) => c.field === field) ?? (field === 'geometry' ? columns.find((c) => c.field === 'lon') : undefined);
    into.push({ column: column?.letter ?? null, header: column?.header ?? null, reason: en, reason_zh: zh });
  };
}

/** Coordinates closer than this (about 10 cm) are the same place: exported ledgers round to 6 decimals. */
const SAME_PLACE = 2e-6;

function changedFields(
  base: { record: ImportRecord; geometry: GeometryJson },
  record: ImportRecord,
  geometry: GeometryJson | null,
): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(record) as RecordField[]) {
    if (JSON.stringify(base.record[key]) !== JSON.stringify(record[key])) changes[key] = [base.record[key], record[key]];
  }
  if (geometry !== null && !sameGeometry(base.geometry, geometry)) changes.geometry = [base.geometry, geometry];
  return changes;
}

export function sameGeometry(a: GeometryJson, b: GeometryJson): boolean {
  if (a.type !== b.type) return false;
  const flat = (g: GeometryJson) => (g.coordinates as unknown[]).flat(4) as number[];
  const fa = flat(a);
  const fb = flat(b);
  return fa.length === fb.length && fa.every((v, i) => Math.abs(v - fb[i]!) < SAME_PLACE);
}
