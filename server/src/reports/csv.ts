import { neutralise, type Cell, type Report } from './table.js';

/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark. */
const BOM = '\uFEFF';
const CRLF = '\r\n';

/** One CSV field: numbers as they are, text neutralised and quoted when it must be. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = neutralise(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: readonly Cell[]) => cells.map(csvField).join(',');

/**
 * The report as one CSV for Excel: UTF-8 with a BOM, CRLF line ends (RFC 4180),
 * the title first, then each table as a titled section with its own header
 * row, sections apart by an empty line.
 */
export function reportCsv(report: Report): string {
  const lines: string[] = [line([report.title])];
  for (const table of report.tables) {
    lines.push('', line([table.name]), line(table.columns.map((c) => c.header)));
    for (const row of [...table.rows, ...table.footer]) lines.push(line(row));
  }
  return BOM + lines.join(CRLF) + CRLF;
}
