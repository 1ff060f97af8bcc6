import type { LedgerField } from '../../../../server/src/domain/ledgerFields.js';

/** One entry per column of the sheet, in order: the field it fills, or null when it is not imported. */
export type Mapping = readonly (LedgerField | null)[];

/** Fields without which no row can become a project. */
export const REQUIRED_FIELDS = ['title', 'kind'] as const satisfies readonly LedgerField[];
export type RequiredField = (typeof REQUIRED_FIELDS)[number];

/** What is wrong with a mapping before any row is read. */
export interface MappingCheck {
  /** Required fields no column fills. */
  missing: RequiredField[];
  /** No column says where a project is: longitude and latitude, an address, or a geometry. */
  noPlace: boolean;
  /** Longitude without latitude or the other way round: half a position is surely a slip. */
  halfCoordinates: boolean;
  /** Fields chosen for more than one column: which column wins would be a guess. */
  repeated: LedgerField[];
  /** No column is the ledger's own key, so importing the same ledger again would create its projects again. */
  noKey: boolean;
}

export function checkMapping(mapping: Mapping): MappingCheck {
  const counts = new Map<LedgerField, number>();
  for (const field of mapping) if (field !== null) counts.set(field, (counts.get(field) ?? 0) + 1);
  const has = (field: LedgerField) => counts.has(field);
  return {
    missing: REQUIRED_FIELDS.filter((field) => !has(field)),
    noPlace: !(has('lon') && has('lat')) && !has('address') && !has('geometry'),
    halfCoordinates: has('lon') !== has('lat'),
    repeated: [...counts].filter(([, n]) => n > 1).map(([field]) => field),
    noKey: !has('ledger_key'),
  };
}

/** Whether the preview must wait: the missing key only warns, since a one-off ledger may have none. */
export function blocksPreview(check: MappingCheck): boolean {
  return check.missing.length > 0 || check.noPlace || check.halfCoordinates || check.repeated.length > 0;
}
