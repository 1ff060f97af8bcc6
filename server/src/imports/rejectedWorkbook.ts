import type { RowProblemOutput, SheetOutlineOutput } from '../domain/ledgerImport.js';
import type { Cell } from './readLedgerFile.js';
import { reportXlsx } from '../reports/xlsx.js';

/** One line per problem, as the clerk reads it beside the row: "C 经度:…". */
export function problemText(problems: readonly RowProblemOutput[]): string {
  return problems.map((p) => (p.column ? `${p.column} ${p.header ?? ''}:${p.reason_zh}` : p.reason_zh)).join(';\n');
}

/**
 * The rows that could not be imported, under the ledger's own headers with
 * their Excel row number and a 原因 (reason) column: fix them in Excel and
 * import the file again as the same ledger.
 */
export function rejectedWorkbook(ledgerName: string, sheet: SheetOutlineOutput, rows: readonly { row_number: number; cells: Cell[]; problems: RowProblemOutput[] }[]): Promise<Buffer> {
  return reportXlsx({
    title: `${ledgerName}:无法导入的行`,
    fileName: ledgerName,
    tables: [
      {
        name: '无法导入的行',
        columns: [
          ...sheet.columns.map((c) => ({ header: c.header || c.letter, type: 'text' as const })),
          { header: '原行号', type: 'integer' as const },
          { header: '原因', type: 'text' as const },
        ],
        rows: rows.map((r) => [
          ...sheet.columns.map((c) => {
            const cell = r.cells[c.index] ?? null;
            return typeof cell === 'boolean' ? String(cell) : cell;
          }),
          r.row_number,
          problemText(r.problems),
        ]),
        footer: [],
      },
    ],
  });
}
