import type { OutcomeCountsOutput } from '../../../../server/src/domain/ledgerImport.js';

/**
 * The rows a commit writes: new and changed projects, and the unplaced rows
 * it keeps for a planner to place. Unchanged, conflicting and rejected rows
 * leave the database as it is.
 */
export function rowsToWrite(counts: OutcomeCountsOutput): number {
  return counts.create + counts.update + counts.unplaced;
}

/** A changed value as the preview shows it: blanks said as blank, structures as JSON. */
export function valueText(value: unknown, blank: string): string {
  if (value === null || value === undefined || value === '') return blank;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
