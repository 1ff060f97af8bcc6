import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { RequestRefusedError } from '../domain/errors.js';
import { decodeLedgerText } from './decodeText.js';

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
  if (bytes.length === 0) throw unreadable('UNREADABLE_FILE', 'the file is empty', '文件为空');
  if (startsWith(bytes, OLE_MAGIC)) {
    throw unreadable(
      'UNREADABLE_FILE',
      'this is an old Excel 97–2003 (.xls) workbook: open it in Excel or WPS and save it as .xlsx, then import again',
      '这是旧版 Excel 97-2003(.xls)文件:请在 Excel 或 WPS 中另存为 .xlsx 后重新导入',
    );
  }
  if (startsWith(bytes, ZIP_MAGIC)) return readWorkbook(bytes);
  return [readDelimitedText(bytes)];
}

async function readWorkbook(bytes: Buffer): Promise<Sheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw unreadable(
      'UNREADABLE_FILE',
      `the file is not a readable .xlsx workbook (${(err as Error).message.slice(0, 120)})`,
      '文件不是可读取的 .xlsx 工作簿(可能已损坏,或并非 Excel 文件)',
    );
  }
  return workbook.worksheets.filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden').map(sheetOf);
}

function sheetOf(ws: ExcelJS.Worksheet): Sheet {
  const rows: Cell[][] = [];
  const width = ws.columnCount;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: Cell[] = [];
    // A merged cell reads as its master's value in every cell it covers: a unit
    // or street merged down over several rows belongs to each of them.
    for (let c = 1; c <= width; c++) cells.push(cellValue(row.getCell(c).value));
    rows.push(trimEnd(cells));
  }
  return { name: ws.name, rows };
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
  let records: string[][];
  try {
    records = parse(decoded.text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    throw unreadable('UNREADABLE_FILE', `the CSV cannot be read: ${(err as Error).message}`, `CSV 文件无法解析:${(err as Error).message}`);
  }
  return { name: 'CSV', rows: records.map((r) => trimEnd(r.map((c) => (c === '' ? null : c)))) };
}
