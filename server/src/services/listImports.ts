import { randomInt } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { bodyError, InvalidInputError, NotFoundError, RequestRefusedError, type FieldError } from '../domain/errors.js';
import { hashPassword, passwordProblem } from '../domain/password.js';
import { findListHeaderRow, guessListMapping } from '../imports/listFields.js';
import { compoundPosition, planCompounds, planStaff, planUnits, type ListPlan, type ListRowCells } from '../imports/listRows.js';
import { LIST_FIELDS, LIST_LABELS, MAX_LIST_ROWS, type ListCommit, type ListKind, type ListMapping, type ListPreview, type ListUpload } from '../domain/listImports.js';
import { packSheets, unpackSheet } from '../imports/packedSheets.js';
import { parseLedgerInWorker } from '../imports/parseInWorker.js';
import type { Sheet } from '../imports/readLedgerFile.js';
import { cellText } from '../imports/ledgerValues.js';
import { columnLetter, dataRowsOf, headersOf } from '../imports/sheetOutline.js';
import {
  areaRefs,
  compoundRefs,
  insertListedCompound,
  insertListedUser,
  insertListImport,
  listImportById,
  markListCommitted,
  placesOfPoints,
  unitRefs,
  updateListedCompound,
  updateListedUser,
  userRefs,
  type ListImportRow,
} from '../queries/listImports.js';
import { deleteSessionsOfUser } from '../queries/sessions.js';
import { insertUnit, unitById, updateUnit } from '../queries/units.js';

/**
 * Units, staff and compounds from a district's own lists (issue 25): upload
 * the file, map its columns, preview what each row would do, commit in one
 * transaction. Lists are small (MAX_LIST_ROWS), so preview and commit answer
 * at once rather than running in the background as a ledger's do.
 */
export interface ListContext {
  pool: pg.Pool;
  actor: { id: number; username: string };
}

const fieldsOf = (kind: ListKind) => LIST_FIELDS[kind].map(({ field, zh, en, required }) => ({ field, zh, en, required }));

export const listTooLarge = (what: string, what_zh: string) =>
  new RequestRefusedError(
    413,
    'LIST_TOO_LARGE',
    `${what}: a list holds at most ${MAX_LIST_ROWS.toLocaleString('en-US')} rows; split it and import the parts one by one`,
    `${what_zh}:名单最多 ${MAX_LIST_ROWS} 行,请拆分后逐个导入`,
    { limit: MAX_LIST_ROWS },
  );

/** The first sheet with a header row naming at least two of the kind's fields. */
function sheetWithHeader(kind: ListKind, sheets: Sheet[]): { sheet: Sheet; headerRow: number } {
  for (const sheet of sheets) {
    const headerRow = findListHeaderRow(kind, sheet.rows);
    if (headerRow !== null) return { sheet, headerRow };
  }
  const expected = LIST_FIELDS[kind].filter((f) => f.required);
  throw new RequestRefusedError(
    400,
    'NO_HEADER_ROW',
    `no sheet has a header row of a ${LIST_LABELS[kind].en} in its first 15 rows: name the columns, e.g. ${expected.map((f) => f.headers[0]).join(', ')}`,
    `未在前 15 行找到${LIST_LABELS[kind].zh}的表头:请为各列写上列名,如 ${expected.map((f) => f.headers[0]).join('、')}`,
  );
}

function outlineOf(kind: ListKind, sheet: Sheet, headerRow: number) {
  const headers = headersOf(sheet, headerRow);
  const guessed = guessListMapping(kind, headers);
  const rows = dataRowsOf(sheet, headerRow);
  return {
    dataRows: rows.length,
    columns: headers.map((header, index) => ({
      index,
      letter: columnLetter(index),
      header,
      field: guessed[index] ?? null,
      samples: rows
        .map((r) => cellText(r.cells[index] ?? null))
        .filter((t): t is string => t !== null)
        .slice(0, 3)
        .map((t) => (t.length > 40 ? `${t.slice(0, 39)}…` : t)),
    })),
  };
}

export async function uploadList(ctx: ListContext, kind: ListKind, fileName: string, bytes: Buffer): Promise<ListUpload> {
  const sheets = await parseLedgerInWorker(bytes);
  const { sheet, headerRow } = sheetWithHeader(kind, sheets);
  const outline = outlineOf(kind, sheet, headerRow);
  if (outline.dataRows > MAX_LIST_ROWS) {
    throw listTooLarge(`the ${LIST_LABELS[kind].en} has ${outline.dataRows.toLocaleString('en-US')} rows`, `${LIST_LABELS[kind].zh}共 ${outline.dataRows} 行`);
  }
  const id = await insertListImport(ctx.pool, {
    kind,
    file_name: fileName,
    byte_size: bytes.length,
    sheets: await packSheets([sheet]),
    sheet_name: sheet.name,
    header_row: headerRow,
    created_by: ctx.actor.username,
  });
  return { id, kind, file_name: fileName, sheet: sheet.name, header_row: headerRow + 1, data_rows: outline.dataRows, columns: outline.columns, fields: fieldsOf(kind) };
}

/** The import, if it may still be previewed or committed. */
async function openImport(db: pg.Pool | pg.PoolClient, id: number, forUpdate = false): Promise<ListImportRow & { sheets: Buffer }> {
  const found = await listImportById(db, id, forUpdate);
  if (!found) throw new NotFoundError(`list import ${id} does not exist`);
  if (found.committed_at !== null || found.sheets === null) {
    throw new RequestRefusedError(409, 'ALREADY_COMMITTED', `list import ${id} is already committed: upload the file again to import it again`, `该名单已导入:如需再次导入,请重新上传文件`);
  }
  return found as ListImportRow & { sheets: Buffer };
}

/** The mapping checked against the kind and the sheet: each field once, required ones present, columns that exist. */
function mappingErrors(kind: ListKind, mapping: ListMapping['mapping'], width: number): FieldError[] {
  const errors: FieldError[] = [];
  const fields = LIST_FIELDS[kind];
  const given = mapping as Record<string, number | undefined>;
  const byColumn = new Map<number, string>();
  for (const [field, column] of Object.entries(given)) {
    if (column === undefined) continue;
    if (!fields.some((f) => f.field === field)) {
      errors.push(bodyError(`/mapping/${field}`, `a ${LIST_LABELS[kind].en} has no field ${field}`, `${LIST_LABELS[kind].zh}没有“${field}”一项`));
    } else if (column >= width) {
      errors.push(bodyError(`/mapping/${field}`, `the sheet has no column ${columnLetter(column)} (it has ${width})`, `工作表没有 ${columnLetter(column)} 列(共 ${width} 列)`));
    } else if (byColumn.has(column)) {
      errors.push(bodyError(`/mapping/${field}`, `column ${columnLetter(column)} is already mapped to ${byColumn.get(column)}`, `${columnLetter(column)} 列已对应“${byColumn.get(column)}”`));
    } else byColumn.set(column, field);
  }
  for (const f of fields) {
    if (f.required && given[f.field] === undefined) errors.push(bodyError(`/mapping/${f.field}`, `choose the column that holds the ${f.en.toLowerCase()}`, `请选择“${f.zh}”所在的列`));
  }
  return errors;
}

async function mappedRows(imp: ListImportRow & { sheets: Buffer }, mapping: ListMapping['mapping']): Promise<ListRowCells[]> {
  const sheet = (await unpackSheet(imp.sheets, imp.sheet_name))!;
  const errors = mappingErrors(imp.kind, mapping, headersOf(sheet, imp.header_row).length);
  if (errors.length > 0) throw new InvalidInputError(errors);
  const columns = mapping as Record<string, number | undefined>;
  return dataRowsOf(sheet, imp.header_row).map(({ cells, rowNumber }) => ({
    rowNumber,
    get: (field: string) => (columns[field] === undefined ? null : (cells[columns[field]] ?? null)),
  }));
}

type AnyPlan =
  | { kind: 'units'; plan: ListPlan<Parameters<typeof writeUnit>[1]> }
  | { kind: 'staff'; plan: ListPlan<Parameters<typeof writeStaff>[1]> }
  | { kind: 'compounds'; plan: ListPlan<Parameters<typeof writeCompound>[1]> };

/**
 * What each row would do against the database as `db` sees it (inside the
 * commit's transaction, for the commit). The look-ups run one after another:
 * a transaction's connection answers one statement at a time.
 */
async function planList(db: pg.Pool | pg.PoolClient, kind: ListKind, rows: ListRowCells[], options: { crs: 'wgs84' | 'gcj02'; actingUserId: number }): Promise<AnyPlan> {
  if (kind === 'units') {
    return { kind, plan: planUnits(rows, { districts: await areaRefs(db, ['district']), units: await unitRefs(db) }) };
  }
  if (kind === 'staff') {
    const world = { units: await unitRefs(db), areas: await areaRefs(db, ['district', 'street', 'community']), users: await userRefs(db) };
    return { kind, plan: planStaff(rows, { ...world, actingUserId: options.actingUserId }) };
  }
  const points = rows.flatMap((row) => {
    const read = compoundPosition(row, options.crs);
    return read.ok && read.value ? [{ row: row.rowNumber, lon: read.value[0], lat: read.value[1] }] : [];
  });
  const world = { districts: await areaRefs(db, ['district']), streets: await areaRefs(db, ['street']), compounds: await compoundRefs(db), places: await placesOfPoints(db, points) };
  return { kind, plan: planCompounds(rows, { ...world, crs: options.crs }) };
}

export async function previewList(ctx: ListContext, id: number, body: ListMapping): Promise<ListPreview> {
  const imp = await openImport(ctx.pool, id);
  const rows = await mappedRows(imp, body.mapping);
  const { plan } = await planList(ctx.pool, imp.kind, rows, { crs: body.crs ?? 'wgs84', actingUserId: ctx.actor.id });
  return { id, kind: imp.kind, counts: plan.counts, rows: plan.rows };
}

/** An initial password: 12 letters and digits without look-alikes (0/O, 1/l/I), about 70 bits. */
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function initialPassword(username: string): string {
  for (;;) {
    const password = Array.from({ length: 12 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
    if (passwordProblem(password, username) === null) return password;
  }
}

async function writeUnit(client: pg.PoolClient, w: ReturnType<typeof planUnits>['writes'][number]): Promise<void> {
  if (w.op === 'create') {
    await insertUnit(client, { name: w.name, name_en: w.name_en, district_id: w.district_id, short_names: w.short_names });
    return;
  }
  const current = (await unitById(client, w.id))!;
  await updateUnit(client, w.id, { name: current.name, name_en: w.name_en, district_id: current.district_id, short_names: w.short_names });
}

async function writeStaff(client: pg.PoolClient, w: ReturnType<typeof planStaff>['writes'][number], passwords: ListCommit['initial_passwords']): Promise<void> {
  if (w.op === 'create') {
    const password = initialPassword(w.username);
    await insertListedUser(client, { ...w, password_hash: await hashPassword(password) });
    passwords.push({ username: w.username, display_name: w.display_name, password });
    return;
  }
  await updateListedUser(client, w);
  // What the user may do changed: they log in again, as after an edit in the users page.
  if (w.endsSessions) await deleteSessionsOfUser(client, w.id);
}

async function writeCompound(client: pg.PoolClient, w: ReturnType<typeof planCompounds>['writes'][number]): Promise<void> {
  if (w.op === 'create') await insertListedCompound(client, w);
  else await updateListedCompound(client, w);
}

/**
 * Writes every row that is not rejected, in one transaction: the rows are
 * planned again inside it, so what is written is what the database holds at
 * that moment, and a second commit of the same list waits on the first and
 * is then refused.
 */
export async function commitList(ctx: ListContext, id: number, body: ListMapping): Promise<ListCommit> {
  return withTransaction(ctx.pool, async (client) => {
    const imp = await openImport(client, id, true);
    const rows = await mappedRows(imp, body.mapping);
    const planned = await planList(client, imp.kind, rows, { crs: body.crs ?? 'wgs84', actingUserId: ctx.actor.id });
    const initial_passwords: ListCommit['initial_passwords'] = [];
    if (planned.kind === 'units') for (const w of planned.plan.writes) await writeUnit(client, w);
    else if (planned.kind === 'staff') for (const w of planned.plan.writes) await writeStaff(client, w, initial_passwords);
    else for (const w of planned.plan.writes) await writeCompound(client, w);
    await markListCommitted(client, id, planned.plan.counts);
    return { id, kind: imp.kind, counts: planned.plan.counts, rows: planned.plan.rows, initial_passwords };
  });
}
