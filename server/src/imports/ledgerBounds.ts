import { RequestRefusedError } from '../domain/errors.js';

/**
 * How much of a ledger the importer reads, each bound checked before the work
 * it bounds: the rows and cells a workbook holds are counted from its XML
 * before Excel's model of it is built; the grid a sheet spans before it is
 * laid out; the reader runs on a worker thread with a heap and a time of its
 * own, and only so many read at once. An ordinary ledger of 200,000 rows and
 * 13 columns holds 2.6 million cells and unzips to about 95 MB.
 */
export interface LedgerBounds {
  rows: number;
  columns: number;
  cells: number;
  span: number;
  unzippedBytes: number;
  readerHeapMb: number;
  readerSeconds: number;
  readersAtOnce: number;
  readersWaiting: number;
}

export const LEDGER_BOUNDS: LedgerBounds = {
  /** Rows holding at least one cell, all sheets together. */
  rows: 250_000,
  /** The rightmost column a filled cell may be in: IV, as wide as Excel 2003's sheets, and far wider than any ledger. */
  columns: 256,
  /** Cells holding a value, all sheets together. */
  cells: 4_000_000,
  /** Cell positions a sheet spans: each row counted from column A to its last filled cell, and one for each empty row above. */
  span: 8_000_000,
  /** The workbook's sheets and shared texts, unzipped. */
  unzippedBytes: 500 * 1024 * 1024,
  /** The reader's heap: Excel's model of 200,000 rows takes about 1 GB. */
  readerHeapMb: 2560,
  /** How long the reader may take; 200,000 rows take about 15 s on a quiet machine. */
  readerSeconds: 180,
  /** Files read at the same time; more wait their turn. */
  readersAtOnce: 2,
  /** Files waiting to be read; past that, an upload is refused for a while. */
  readersWaiting: 6,
};

const thousands = (n: number) => n.toLocaleString('en-US');

/** A file past a bound: nothing was read into the database. */
export function pastBound(
  what: 'rows' | 'lastRow' | 'columns' | 'cells' | 'span' | 'unzippedBytes' | 'readerHeapMb' | 'readerSeconds',
  found: { en: string; zh: string } = { en: '', zh: '' },
  bounds: LedgerBounds = LEDGER_BOUNDS,
): RequestRefusedError {
  const split = 'split the ledger into several files and import them one by one';
  const splitZh = '请将台账拆分为几个文件,逐个导入';
  const refusals = {
    rows: [`the file has more than ${thousands(bounds.rows)} rows${found.en}: ${split}`, `文件超过 ${thousands(bounds.rows)} 行${found.zh}:${splitZh}`],
    lastRow: [
      `${found.en} is below row ${thousands(bounds.rows)}, the last a ledger may fill: delete what lies there`,
      `${found.zh}超出台账最多 ${thousands(bounds.rows)} 行的范围:请删除该处内容`,
    ],
    columns: [
      `${found.en} is right of column ${bounds.columns} (IV), the last a ledger may fill: delete what lies there`,
      `${found.zh}超出台账最多 ${bounds.columns} 列(IV 列)的范围:请删除该处内容`,
    ],
    cells: [`the file has more than ${thousands(bounds.cells)} filled cells${found.en}: ${split}`, `文件中有内容的单元格超过 ${thousands(bounds.cells)} 个${found.zh}:${splitZh}`],
    span: [
      `the sheet spreads over more than ${thousands(bounds.span)} cells${found.en}, counting the blank cells before each row's last filled one: delete what lies far to the right of or below the ledger`,
      `工作表的内容分布超过 ${thousands(bounds.span)} 个单元格${found.zh}(含每行最后一个有内容单元格之前的空白单元格):请删除台账右侧或下方远处的内容`,
    ],
    unzippedBytes: [
      `the workbook unpacks to more than ${bounds.unzippedBytes / 1024 / 1024} MB of sheets: ${split}`,
      `工作簿解压后超过 ${bounds.unzippedBytes / 1024 / 1024} MB:${splitZh}`,
    ],
    readerHeapMb: [`reading the file needs more than ${bounds.readerHeapMb} MB of memory: ${split}`, `读取该文件需要超过 ${bounds.readerHeapMb} MB 内存:${splitZh}`],
    readerSeconds: [`reading the file took longer than ${bounds.readerSeconds / 60} minutes: ${split}`, `读取该文件超过 ${bounds.readerSeconds / 60} 分钟:${splitZh}`],
  } as const;
  const [en, zh] = refusals[what];
  const limit = what === 'lastRow' ? bounds.rows : bounds[what];
  return new RequestRefusedError(413, 'LEDGER_TOO_LARGE', en, zh, { bound: what, limit });
}
