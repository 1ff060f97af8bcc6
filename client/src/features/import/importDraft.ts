import type { CoordinateSystemName, ImportOptionsInput, ImportState, LedgerSummary, SheetOutlineOutput } from '../../../../server/src/domain/ledgerImport.js';
import { normaliseHeader, type LedgerField } from '../../../../server/src/domain/ledgerFields.js';
import type { Mapping } from './mappingCheck.js';

/** What the planner is choosing in the mapping step: the options the preview is asked for with. */
export type ImportDraft = ImportOptionsInput;

/**
 * The choices the mapping step opens with: what was last asked for, else the
 * server's reading of the file (the first sheet it found a header in, the
 * fields it guessed or remembered, the ledger it took the file to be).
 */
export function initialDraft(state: ImportState): ImportDraft {
  if (state.options) return { ...state.options, mapping: [...state.options.mapping] };
  const sheet = state.sheets.find((s) => s.header_row !== null) ?? state.sheets[0];
  return {
    ledger_name: state.ledger.name,
    crs: state.crs,
    ...sheetChoice(sheet),
  };
}

/** Another sheet of the file: its own header row and guessed fields. */
export function withSheet(draft: ImportDraft, sheet: SheetOutlineOutput | undefined): ImportDraft {
  return { ...draft, ...sheetChoice(sheet) };
}

function sheetChoice(sheet: SheetOutlineOutput | undefined): Pick<ImportDraft, 'sheet' | 'header_row' | 'mapping'> {
  return { sheet: sheet?.name ?? '', header_row: sheet?.header_row ?? 0, mapping: sheet?.columns.map((c) => c.field) ?? [] };
}

/**
 * A known ledger's remembered choices laid over this file's columns: a
 * header it remembers gets the field it had (or none, if it was ignored);
 * any other column keeps its field unless a remembered column now has it.
 */
export function applyRememberedMapping(headers: readonly string[], current: Mapping, remembered: LedgerSummary['mapping']): (LedgerField | null)[] {
  const recalled = headers.map((header) => {
    const key = normaliseHeader(header);
    return Object.hasOwn(remembered, key) ? { field: remembered[key] ?? null } : undefined;
  });
  const taken = new Set(recalled.map((r) => r?.field).filter((f) => f !== undefined && f !== null));
  return headers.map((_, i) => {
    const recall = recalled[i];
    if (recall) return recall.field;
    const field = current[i] ?? null;
    return field !== null && taken.has(field) ? null : field;
  });
}

/** The draft once the planner names a ledger: a known one brings its mapping and coordinate system. */
export function withLedgerName(draft: ImportDraft, name: string, headers: readonly string[], ledgers: readonly LedgerSummary[]): ImportDraft {
  const known = ledgers.find((l) => l.name === name.trim());
  if (!known) return { ...draft, ledger_name: name };
  const crs: CoordinateSystemName = known.crs;
  return { ...draft, ledger_name: name, crs, mapping: applyRememberedMapping(headers, draft.mapping, known.mapping) };
}
