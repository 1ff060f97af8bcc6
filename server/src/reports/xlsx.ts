import ExcelJS from 'exceljs';
import { neutralise, type Cell, type Column, type Report, type Table } from './table.js';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const NUMBER_FORMATS: Record<Column['type'], string | undefined> = { text: undefined, integer: '0', decimal: '0.00' };

/** Display width of a text in Excel's character units: a CJK character takes two. */
function displayWidth(value: Cell): number {
  if (value === null) return 0;
  let width = 0;
  for (const ch of String(value)) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

/** Wide enough for the header and the longest cell, within reason. */
function columnWidth(table: Table, index: number): number {
  const cells = [table.columns[index]!.header, ...[...table.rows, ...table.footer].map((r) => r[index] ?? null)];
  return Math.min(60, Math.max(8, ...cells.map(displayWidth)) + 2);
}

const cellValue = (cell: Cell) => (typeof cell === 'string' ? neutralise(cell) : cell);

function addSheet(workbook: ExcelJS.Workbook, table: Table): void {
  const sheet = workbook.addWorksheet(table.name, {
    // The header row stays in view while scrolling, and is printed on every page.
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: table.columns.length > 7 ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.pageSetup.printTitlesRow = '1:1';
  sheet.columns = table.columns.map((c, i) => ({ header: c.header, width: columnWidth(table, i), style: { numFmt: NUMBER_FORMATS[c.type] } }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((cell) => (cell.fill = HEADER_FILL));
  for (const row of table.rows) sheet.addRow(row.map(cellValue));
  for (const row of table.footer) sheet.addRow(row.map(cellValue)).font = { bold: true };
}

/** The report as an Excel workbook, one sheet per table, Chinese headers frozen at the top. */
export async function reportXlsx(report: Report): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '民生地图 Minsheng Map';
  workbook.title = report.title;
  for (const table of report.tables) addSheet(workbook, table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
