import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { projectsToExport, type ProjectFilter, type ProjectRow } from '../queries/projects.js';
import { csvField } from '../reports/csv.js';
import { neutralise } from '../reports/table.js';
import { projectFeature } from '../routes/projectFeature.js';
import { ledgerColumns, type LedgerColumn } from './ledgerColumns.js';
import type { ExportFormat } from '../domain/api/projects.js';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};

/** Rows are read this many at a time: memory stays flat however many projects match. */
const BATCH = 1_000;

/** Every project the filter selects, in id order, a batch at a time (keyset paging, no cursor held open). */
async function* matchingProjects(db: pg.Pool, filter: ProjectFilter): AsyncGenerator<ProjectRow> {
  let afterId = 0;
  for (;;) {
    const rows = await projectsToExport(db, { ...filter, afterId, limit: BATCH });
    yield* rows;
    if (rows.length < BATCH) return;
    afterId = rows[rows.length - 1]!.id;
  }
}

async function* csvChunks(rows: AsyncIterable<ProjectRow>, columns: LedgerColumn[], today: string): AsyncGenerator<string> {
  // The BOM tells Excel the file is UTF-8; CRLF ends lines as RFC 4180 says.
  yield `\uFEFF${columns.map((c) => csvField(c.header)).join(',')}\r\n`;
  for await (const row of rows) yield `${columns.map((c) => csvField(c.value(row, today))).join(',')}\r\n`;
}

async function* geojsonChunks(rows: AsyncIterable<ProjectRow>, today: string, includePrivate: boolean): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const row of rows) {
    yield (first ? '' : ',') + JSON.stringify(projectFeature(row, today, { includePrivate }));
    first = false;
  }
  yield ']}';
}

/** Rows between two looks at whether the client keeps up. */
const BACKPRESSURE_CHECK = 200;

/**
 * Waits while the client has not taken what is already written. exceljs
 * writes into its zip without waiting for the reader, so a slow download
 * would otherwise pile the whole workbook up in memory. False when the
 * client went away.
 */
async function drained(out: PassThrough): Promise<boolean> {
  while (out.writableNeedDrain && !out.destroyed) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  return !out.destroyed;
}

/** The workbook streamed as it is written: one sheet, Chinese headers frozen at the top. */
function xlsxStream(rows: AsyncIterable<ProjectRow>, columns: LedgerColumn[], today: string, onError: (err: unknown) => void): PassThrough {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = '民生地图 Minsheng Map';
  const sheet = workbook.addWorksheet('项目台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.type === 'decimal' ? { numFmt: '0.000000' } : {} }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  void (async () => {
    try {
      header.commit();
      let written = 0;
      for await (const row of rows) {
        sheet.addRow(columns.map((c) => {
          const v = c.value(row, today);
          return typeof v === 'string' ? neutralise(v) : v;
        })).commit();
        if (++written % BACKPRESSURE_CHECK === 0 && !(await drained(out))) return;
      }
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      onError(err);
      out.destroy(err as Error);
    }
  })();
  return out;
}

/**
 * The projects a filter selects as a ledger file, streamed: 100,000 projects
 * never sit in memory together. Text cells that a spreadsheet would take for a
 * formula are neutralised.
 */
export function projectExportStream(
  db: pg.Pool,
  filter: ProjectFilter,
  format: ExportFormat,
  options: { today: string; includePrivate: boolean; onError: (err: unknown) => void },
): Readable {
  const rows = matchingProjects(db, filter);
  const columns = ledgerColumns(options.includePrivate);
  if (format === 'xlsx') return xlsxStream(rows, columns, options.today, options.onError);
  const chunks = format === 'csv' ? csvChunks(rows, columns, options.today) : geojsonChunks(rows, options.today, options.includePrivate);
  return Readable.from(chunks);
}
