import type { SheetOutlineOutput } from '../domain/ledgerImport.js';
import { findHeaderRow, guessMapping, normaliseHeader, type LedgerField } from '../domain/ledgerFields.js';
import type { Cell, Sheet } from './readLedgerFile.js';
import { cellText } from './ledgerValues.js';

/** Excel's letter for a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letter = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letter = String.fromCharCode(65 + ((n - 1) % 26)) + letter;
  return letter;
}

export const isBlankRow = (row: readonly Cell[]) => row.every((c) => cellText(c) === null);

/** A ledger's total line (合计 165 户) sums the rows above it; it is no project. */
export const isTotalRow = (row: readonly Cell[]) => /^(合计|小计|总计|total)$/i.test((cellText(row.find((c) => cellText(c) !== null) ?? null) ?? '').replace(/\s/g, ''));

/** The rows below the header that may be projects, with Excel's row numbers. */
export function dataRowsOf(sheet: Sheet, headerRow: number): { cells: Cell[]; rowNumber: number }[] {
  return sheet.rows
    .map((cells, index) => ({ cells, rowNumber: index + 1 }))
    .slice(headerRow + 1)
    .filter((r) => !isBlankRow(r.cells) && !isTotalRow(r.cells));
}

/** The header texts of a sheet's header row, one per column up to the widest row below it. */
export function headersOf(sheet: Sheet, headerRow: number): string[] {
  // A loop, not Math.max(...rows): spreading 120,000 rows as arguments overflows the stack.
  let width = 0;
  for (let i = headerRow; i < sheet.rows.length; i++) width = Math.max(width, sheet.rows[i]!.length);
  return Array.from({ length: width }, (_, i) => cellText(sheet.rows[headerRow]?.[i] ?? null) ?? '');
}

/** A ledger's columns in order, normalised: ledgers with the same columns share a signature. */
export const headerSignature = (headers: readonly string[]) => headers.map(normaliseHeader).join('|');

/**
 * What the mapping step shows for a sheet: its header row, and for each
 * column the field it is taken to fill — as remembered for this ledger when
 * the header is known, else guessed from the header text.
 */
export function outlineSheet(sheet: Sheet, remembered: Record<string, LedgerField | null> | null): SheetOutlineOutput {
  const headerRow = findHeaderRow(sheet.rows);
  if (headerRow === null) return { name: sheet.name, header_row: null, columns: [], data_rows: 0 };
  const headers = headersOf(sheet, headerRow);
  const guessed = guessMapping(headers);
  const dataRows = dataRowsOf(sheet, headerRow).map((r) => r.cells);
  return {
    name: sheet.name,
    header_row: headerRow,
    data_rows: dataRows.length,
    columns: headers.map((header, index) => {
      const key = normaliseHeader(header);
      const field = remembered && key in remembered ? remembered[key]! : guessed[index]!;
      const samples = dataRows
        .map((r) => cellText(r[index] ?? null))
        .filter((t): t is string => t !== null)
        .slice(0, 3)
        .map((t) => (t.length > 40 ? `${t.slice(0, 39)}…` : t));
      return { index, letter: columnLetter(index), header, field, samples };
    }),
  };
}

/** The mapping as remembered for a ledger: normalised header → field. */
export function rememberedMapping(headers: readonly string[], mapping: readonly (LedgerField | null)[]): Record<string, LedgerField | null> {
  const remembered: Record<string, LedgerField | null> = {};
  headers.forEach((h, i) => {
    const key = normaliseHeader(h);
    if (key !== '') remembered[key] = mapping[i] ?? null;
  });
  return remembered;
}
