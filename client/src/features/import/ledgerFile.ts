import { MAX_LEDGER_BYTES } from '../../../../server/src/domain/ledgerImport.js';

/** The file picker's `accept`: what the importer reads. */
export const LEDGER_ACCEPT = '.xlsx,.csv';

export const MAX_LEDGER_MB = MAX_LEDGER_BYTES / (1024 * 1024);

export type LedgerFileProblem = 'notLedger' | 'tooLarge' | 'empty';

/**
 * Why the server would refuse this file, before sending 50 MB to find out.
 * By the name only: browsers give no reliable type for CSV, and the server
 * reads the bytes anyway. An old .xls is refused here, where the fix
 * (save it as .xlsx) can be said.
 */
export function ledgerFileProblem(file: { name: string; size: number }): LedgerFileProblem | null {
  if (!/\.(xlsx|csv)$/i.test(file.name.trim())) return 'notLedger';
  if (file.size > MAX_LEDGER_BYTES) return 'tooLarge';
  if (file.size === 0) return 'empty';
  return null;
}

/** 512 B, 38 KB, 4.2 MB: the size as a planner reads it. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
