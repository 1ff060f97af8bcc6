import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Sheet } from './readLedgerFile.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * An import's sheets as stored until it is committed (migration 0022):
 * gzip-compressed JSON, compressed off the event loop. Level 1: a ledger's
 * JSON shrinks tenfold already, and the upload should not wait for more.
 */
export async function packSheets(sheets: Sheet[]): Promise<Buffer> {
  return gzipAsync(Buffer.from(JSON.stringify(sheets)), { level: 1 });
}

/** One sheet of the stored bytes; imports stored before 0022 hold plain JSON. */
export async function unpackSheet(stored: Buffer, sheetName: string): Promise<Sheet | undefined> {
  const gzipped = GZIP_MAGIC.every((b, i) => stored[i] === b);
  const json = gzipped ? await gunzipAsync(stored) : stored;
  return (JSON.parse(json.toString('utf8')) as Sheet[]).find((s) => s.name === sheetName);
}
