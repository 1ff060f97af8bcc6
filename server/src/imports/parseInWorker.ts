import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RequestRefusedError } from '../domain/errors.js';
import { LEDGER_BOUNDS, pastBound, type LedgerBounds } from './ledgerBounds.js';
import { refuseAtSight, type Sheet } from './readLedgerFile.js';

type WorkerMessage = { sheets: Sheet[] } | { refused: { statusCode: 400 | 413; code: string; message: string; message_zh: string; details: Record<string, unknown> } } | { failed: string };

/**
 * Files being read and waiting to be: a workbook's model takes up to the
 * reader's heap bound, so only LEDGER_BOUNDS.readersAtOnce are read at once.
 */
const readers = { active: 0, waiting: [] as (() => void)[] };

const queueFull = () =>
  new RequestRefusedError(
    503,
    'IMPORT_QUEUE_FULL',
    `${LEDGER_BOUNDS.readersAtOnce + LEDGER_BOUNDS.readersWaiting} ledgers are being read or waiting to be; nothing was stored: try again in a minute`,
    `当前已有 ${LEDGER_BOUNDS.readersAtOnce + LEDGER_BOUNDS.readersWaiting} 个台账正在读取或排队,本次未保存任何内容:请一分钟后再试`,
    {},
    60,
  );

async function takeTurn(): Promise<void> {
  if (readers.active < LEDGER_BOUNDS.readersAtOnce) {
    readers.active++;
    return;
  }
  if (readers.waiting.length >= LEDGER_BOUNDS.readersWaiting) throw queueFull();
  // The reader that finishes hands its place on, so `active` stays counted.
  await new Promise<void>((resolve) => readers.waiting.push(resolve));
}

function giveTurn(): void {
  const next = readers.waiting.shift();
  if (next) next();
  else readers.active--;
}

/**
 * Reads a ledger file in a process of its own. Unzipping and parsing a
 * 20,000-row workbook takes about two seconds of CPU; on the server's own
 * thread that would stall every other user's requests for as long. The
 * process has a heap and a time of its own: a file that needs more is refused
 * with a 413 naming the bound, and the server goes on. A process rather than
 * a worker thread, because a thread that reaches its heap limit can take the
 * whole server down with it (nodejs/node#47224).
 */
export async function parseLedgerInWorker(bytes: Buffer): Promise<Sheet[]> {
  refuseAtSight(bytes);
  await takeTurn();
  try {
    return await readOnWorker(bytes);
  } finally {
    giveTurn();
  }
}

const READER = fileURLToPath(new URL('./parseWorker.ts', import.meta.url));
// The reader is TypeScript, like the server: the child process loads it through tsx.
const TSX_LOADER = import.meta.resolve('tsx');

/** One file in a reader process of its own, with the reader's heap and time bounds (given here by tests). */
export function readOnWorker(bytes: Buffer, bounds: Pick<LedgerBounds, 'readerHeapMb' | 'readerSeconds'> = LEDGER_BOUNDS): Promise<Sheet[]> {
  const reader = fork(READER, [], {
    execArgv: ['--import', TSX_LOADER, `--max-old-space-size=${bounds.readerHeapMb}`],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const allBounds = { ...LEDGER_BOUNDS, ...bounds };
  let stderr = '';
  reader.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let timer: NodeJS.Timeout | undefined;
  return new Promise<Sheet[]>((resolve, reject) => {
    timer = setTimeout(() => reject(pastBound('readerSeconds', undefined, allBounds)), bounds.readerSeconds * 1000);
    reader.once('message', (message: WorkerMessage) => {
      if ('sheets' in message) resolve(message.sheets);
      else if ('refused' in message) {
        const r = message.refused;
        reject(new RequestRefusedError(r.statusCode, r.code, r.message, r.message_zh, r.details));
      } else reject(new Error(message.failed));
    });
    reader.once('error', reject);
    reader.once('exit', (code, signal) => {
      // V8 prints this as it gives up; the process then aborts.
      if (/heap out of memory|heap limit/i.test(stderr)) reject(pastBound('readerHeapMb', undefined, allBounds));
      else reject(new Error(`the ledger reader stopped (exit code ${code ?? signal})`));
    });
    reader.send(bytes);
  }).finally(() => {
    clearTimeout(timer);
    reader.kill('SIGKILL');
  });
}
