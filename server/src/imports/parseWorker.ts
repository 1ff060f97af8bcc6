import { RequestRefusedError } from '../domain/errors.js';
import { readLedgerFile } from './readLedgerFile.js';

/**
 * The ledger reader's process (see parseInWorker.ts): receives the file's
 * bytes, answers its sheets or why it cannot read them, and exits.
 */
process.once('message', async (bytes: Uint8Array) => {
  try {
    const sheets = await readLedgerFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    process.send!({ sheets });
  } catch (err) {
    if (err instanceof RequestRefusedError) {
      process.send!({ refused: { statusCode: err.statusCode, code: err.code, message: err.message, message_zh: err.message_zh, details: err.details } });
    } else {
      process.send!({ failed: (err as Error).message });
    }
  }
});
