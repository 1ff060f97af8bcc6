import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { RequestRefusedError } from '../domain/errors.js';
import { decodeLedgerText } from './decodeText.js';
import { LEDGER_BOUNDS, pastBound } from './ledgerBounds.js';
import { workbookCensus } from './workbookCensus.js';
import { columnLetter } from './sheetOutline.js';

/**
 * A cell as the importer sees it: what Excel shows, never a formula to
 * evaluate. Dates become text (2024-01-05, or 2024-01-05 08:30) so sheets
 * keep as JSON between the preview and the commit.
 */
export type Cell = string | number | boolean | null;

export interface Sheet {
  name: string;
  /** Row i is Excel's row i + 1. */
  rows: Cell[][];
}

/** A file the importer cannot read; nothing is written. */
export const unreadable = (code: string, en: string, zh: string) => new RequestRefusedError(400, code, en, zh);

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * The sheets of a ledger file: an XLSX workbook, or a CSV (or tab-separated
 * "Unicode text") in UTF-8, UTF-16 or GBK. The type is told by the bytes, not
 * the file name, since ledgers travel by chat apps that rename them.
 */
export async function readLedgerFile(bytes: Buffer): Promise<Sheet[]> {
  refuseAtSight(bytes);
  if (startsWith(bytes, ZIP_MAGIC)) return readWorkbook(bytes);
  return [readDelimitedText(bytes)];
}

/** What is refused from the first bytes alone, before a reader process is started for the file. */
export function refuseAtSight(bytes: Buffer): void {
  if (bytes.length === 0) throw unreadable('UNREADABLE_FILE', 'the file is empty', '文件为空');
  if (startsWith(bytes, OLE_MAGIC)) {
    throw unreadable(
      'UNREADABLE_FILE',
      'this is an old Excel 97–2003 (.xls) workbook: open it in Excel or WPS and save it as .xlsx, then import again',
      '这是旧版 Excel 97-2003(.xls)文件:请在 Excel 或 WPS 中另存为 .xlsx 后重新导入',
    );
  }
}

async function readWorkbook(bytes: Buffer): Promise<Sheet[]> {
  await countedWithinBounds(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw notAWorkbook(err);
  }
  return workbook.worksheets.filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden').map(sheetOf);
}

const notAWorkbook = (err: unknown) =>
  unreadable(
    'UNREADABLE_FILE',
    `the file is not a readable .xlsx workbook (${(err as Error).message.slice(0, 120)})`,
    '文件不是可读取的 .xlsx 工作簿(可能已损坏,或并非 Excel 文件)',
  );

/** Counts what the workbook holds before Excel's model of it is built (workbookCensus). */
async function countedWithinBounds(bytes: Buffer): Promise<void> {
  try {
    await workbookCensus(bytes);
  } catch (err) {
    throw err instanceof RequestRefusedError ? err : notAWorkbook(err);
  }
}

/**
 * A sheet's rows as a grid, row i being Excel's row i + 1. Only the cells the
 * sheet holds are visited, never the dimension it declares (a lone cell at
 * XFD1048576 is one cell, not 17 billion), and the grid they span is checked
 * against its bound before it is laid out.
 */
function sheetOf(ws: ExcelJS.Worksheet): Sheet {
  const filled: { rowNumber: number; cells: { column: number; value: Cell }[] }[] = [];
  let span = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: { column: number; value: Cell }[] = [];
    // A merged cell reads as its master's value in every cell it covers: a unit
    // or street merged down over several rows belongs to each of them.
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const value = cellValue(cell.value);
      if (value !== null && value !== '') cells.push({ column, value });
    });
    if (cells.length === 0) return;
    // Checked before a row is kept: a stray cell far below would make every row above it a blank one to lay out.
    const last = cells.at(-1)!;
    if (rowNumber > LEDGER_BOUNDS.rows) throw pastBound('lastRow', cellNamed(ws.name, cells[0]!.column, rowNumber));
    if (last.column > LEDGER_BOUNDS.columns) throw pastBound('columns', cellNamed(ws.name, last.column, rowNumber));
    span += rowNumber - (filled.at(-1)?.rowNumber ?? 0) - 1 + last.column;
    filled.push({ rowNumber, cells });
  });
  if (span > LEDGER_BOUNDS.span) throw pastBound('span', { en: ` (“${ws.name}”)`, zh: `(“${ws.name}”)` });
  const rows: Cell[][] = Array.from({ length: filled.at(-1)?.rowNumber ?? 0 }, () => []);
  for (const { rowNumber, cells } of filled) {
    const grid: Cell[] = new Array<Cell>(cells.at(-1)!.column).fill(null);
    for (const { column, value } of cells) grid[column - 1] = value;
    rows[rowNumber - 1] = grid;
  }
  return { name: ws.name, rows };
}

/** A cell by its address, as a bound's refusal names it. */
function cellNamed(sheetName: string, column: number, rowNumber: number): { en: string; zh: string } {
  const ref = `${columnLetter(column - 1)}${rowNumber}`;
  return { en: `the cell ${ref} of “${sheetName}”`, zh: `工作表“${sheetName}”的单元格 ${ref} ` };
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    // A formula's last computed result, as Excel shows it; the formula itself is never kept.
    if ('result' in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
    if ('formula' in value || 'sharedFormula' in value) return null;
    if ('hyperlink' in value) return String((value as { text?: unknown }).text ?? '');
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/** Excel's dates carry no zone: exceljs reads them as UTC. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.slice(11, 16) === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function trimEnd(cells: Cell[]): Cell[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] === null || cells[end - 1] === '')) end--;
  return cells.slice(0, end);
}

function readDelimitedText(bytes: Buffer): Sheet {
  const decoded = decodeLedgerText(bytes);
  if (!decoded.ok) {
    throw unreadable(decoded.en.startsWith('the file mixes') ? 'MIXED_ENCODINGS' : 'UNREADABLE_FILE', decoded.en, decoded.zh);
  }
  // Binary files decode as GBK too; real text has no NULs and few control characters.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  const controls = decoded.text.slice(0, 65536).match(/[\u0000-\u0008\u000e-\u001f]/g)?.length ?? 0;
  if (controls > 0) {
    throw unreadable('UNREADABLE_FILE', 'the file is neither an .xlsx workbook nor CSV text', '文件既不是 .xlsx 工作簿,也不是 CSV 文本');
  }
  const firstLine = decoded.text.split('\n', 1)[0] ?? '';
  // Excel's "Unicode text" is tab-separated; some European-locale CSVs use semicolons.
  const delimiter = [',', '\t', ';'].reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best), ',');
  const rows: Cell[][] = [];
  const tally = { rows: 0, cells: 0, span: 0 };
  try {
    parse(decoded.text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      // Each record is counted and trimmed as it is read: bounds are checked before the next one is kept.
      on_record: (record: string[]) => {
        const row = trimEnd(record.map((c) => (c === '' ? null : c)));
        tally.span += Math.max(row.length, 1);
        if (row.length > 0) tally.rows++;
        if (row.length > LEDGER_BOUNDS.columns) {
          // The line as an editor counts it: blank lines too.
          const line = rows.length + 1;
          throw pastBound('columns', { en: `the value in column ${row.length} of line ${line}`, zh: `第 ${line} 行第 ${row.length} 列的内容` });
        }
        tally.cells += row.filter((c) => c !== null).length;
        if (tally.rows > LEDGER_BOUNDS.rows) throw pastBound('rows');
        if (tally.cells > LEDGER_BOUNDS.cells) throw pastBound('cells');
        if (tally.span > LEDGER_BOUNDS.span) throw pastBound('span');
        rows.push(row);
        return null;
      },
    });
  } catch (err) {
    if (err instanceof RequestRefusedError) throw err;
    throw unreadable('UNREADABLE_FILE', `the CSV cannot be read: ${(err as Error).message}`, `CSV 文件无法解析:${(err as Error).message}`);
  }
  return { name: 'CSV', rows };
}
