import JSZip from 'jszip';
import { LEDGER_BOUNDS, pastBound } from './ledgerBounds.js';

/** What a workbook's sheets hold, counted from their XML as it unzips. */
export interface WorkbookCensus {
  rows: number;
  cells: number;
  unzippedBytes: number;
}

// Row and cell elements, with or without a namespace prefix (<x:c> from the .NET Open XML SDK).
const ROW_OR_CELL_TAG = /<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s/>]/g;
/** Longer than any tag matched above, so a tag cut between two chunks is found whole in the second. */
const OVERLAP = 40;

/**
 * Counts a sheet's XML as it streams by: cells, and rows that hold at least
 * one cell (a template's empty formatted rows below the ledger are no rows).
 */
export class SheetTally {
  rows = 0;
  cells = 0;
  private rowOpen = false;
  private tail = '';

  add(chunk: string): void {
    const text = this.tail + chunk;
    for (const m of text.matchAll(ROW_OR_CELL_TAG)) {
      // A tag ending inside the overlap was counted with the chunk before.
      if (m.index + m[0].length <= this.tail.length) continue;
      if (m[1] === 'row') {
        this.rowOpen = true;
      } else {
        this.cells++;
        if (this.rowOpen) this.rows++;
        this.rowOpen = false;
      }
    }
    this.tail = text.slice(-OVERLAP);
  }
}

const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
const COUNTED_PARTS = (name: string) => SHEET_PART.test(name) || name === 'xl/sharedStrings.xml';

/**
 * Counts the rows and cells an XLSX workbook really holds, streaming each
 * sheet's XML, and stops at the first bound it passes: a file that claims a
 * small size but unzips to gigabytes, or holds a million rows, is refused
 * before Excel's model of it (about 400 bytes a cell) is built. The dimension
 * a sheet declares is not trusted; nothing here allocates more than a chunk.
 */
export async function workbookCensus(bytes: Buffer): Promise<WorkbookCensus> {
  const zip = await JSZip.loadAsync(bytes);
  const census: WorkbookCensus = { rows: 0, cells: 0, unzippedBytes: 0 };
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || !COUNTED_PARTS(entry.name)) continue;
    const isSheet = SHEET_PART.test(entry.name);
    const tally = new SheetTally();
    const before = { rows: census.rows, cells: census.cells };
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      const stop = (error: Error) => {
        stream.pause();
        reject(error);
      };
      stream
        .on('data', (chunk: Buffer) => {
          census.unzippedBytes += chunk.length;
          if (census.unzippedBytes > LEDGER_BOUNDS.unzippedBytes) return stop(pastBound('unzippedBytes'));
          if (!isSheet) return;
          // Tags are ASCII: latin1 keeps every byte one character, whatever the text around them.
          tally.add(chunk.toString('latin1'));
          census.rows = before.rows + tally.rows;
          census.cells = before.cells + tally.cells;
          if (census.rows > LEDGER_BOUNDS.rows) return stop(pastBound('rows'));
          if (census.cells > LEDGER_BOUNDS.cells) return stop(pastBound('cells'));
        })
        .on('error', reject)
        .on('end', () => resolve());
    });
  }
  return census;
}
