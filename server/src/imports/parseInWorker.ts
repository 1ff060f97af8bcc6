import { Worker } from 'node:worker_threads';
import { RequestRefusedError } from '../domain/errors.js';
import type { Sheet } from './readLedgerFile.js';

/**
 * Reads a ledger file on a worker thread. Unzipping and parsing a 20,000-row
 * workbook takes about two seconds of CPU; on the server's own thread that
 * would stall every other user's requests for as long.
 */
export function parseLedgerInWorker(bytes: Buffer): Promise<Sheet[]> {
  // A plain-JS entry registers tsx in the worker, which does not inherit the parent's loader.
  const worker = new Worker(new URL('./parseWorkerEntry.mjs', import.meta.url), { workerData: bytes });
  return new Promise<Sheet[]>((resolve, reject) => {
    worker.once('message', (message: { sheets: Sheet[] } | { refused: { statusCode: 400; code: string; message: string; message_zh: string } } | { failed: string }) => {
      if ('sheets' in message) resolve(message.sheets);
      else if ('refused' in message) {
        const r = message.refused;
        reject(new RequestRefusedError(r.statusCode, r.code, r.message, r.message_zh));
      } else reject(new Error(message.failed));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the ledger reader stopped (exit code ${code})`)));
  }).finally(() => void worker.terminate());
}
