import { parentPort, workerData } from 'node:worker_threads';
import { RequestRefusedError } from '../domain/errors.js';
import { readLedgerFile } from './readLedgerFile.js';

try {
  const sheets = await readLedgerFile(Buffer.from(workerData as Uint8Array));
  parentPort!.postMessage({ sheets });
} catch (err) {
  if (err instanceof RequestRefusedError) {
    parentPort!.postMessage({ refused: { statusCode: err.statusCode, code: err.code, message: err.message, message_zh: err.message_zh } });
  } else {
    parentPort!.postMessage({ failed: (err as Error).message });
  }
}
