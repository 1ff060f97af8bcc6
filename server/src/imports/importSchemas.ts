import { Type, type Static } from 'typebox';
import { Nullable, NonBlankString } from '../domain/schemaTypes.js';
import { LEDGER_FIELDS } from './ledgerFields.js';

/**
 * The ledger importer's API: upload a file, confirm how its columns map to
 * project fields, read the preview row by row, then commit. The client and
 * the CLI see the same shapes.
 */

/** The largest ledger accepted: 20,000 rows of an ordinary ledger are 3–6 MB. */
export const MAX_LEDGER_BYTES = 50 * 1024 * 1024;

export const IMPORT_STATES = ['uploaded', 'analysing', 'previewed', 'committing', 'committed', 'failed'] as const;
export type ImportStateName = (typeof IMPORT_STATES)[number];

/**
 * What the preview says a row will do. `unchanged`: the ledger and the project
 * agree; `conflict`: the project was changed in the app since the last import
 * and is not overwritten; `unplaced`: an address without coordinates, kept for
 * a planner to place by clicking the map.
 */
export const ROW_OUTCOMES = ['create', 'update', 'unchanged', 'conflict', 'rejected', 'unplaced'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

export const CoordinateSystem = Type.Enum(['wgs84', 'gcj02'], { description: 'wgs84 (GPS), or gcj02 (Chinese web maps), converted to WGS-84' });
export type CoordinateSystemName = Static<typeof CoordinateSystem>;

const LedgerFieldSchema = Type.Enum([...LEDGER_FIELDS]);

export const SheetColumn = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  /** Excel's column letter: A, B, …, AA. */
  letter: Type.String(),
  header: Type.String(),
  /** The field this column fills: remembered for this ledger, else guessed from the header. */
  field: Nullable(LedgerFieldSchema),
  /** Up to three values from the first data rows, as text. */
  samples: Type.Array(Type.String()),
});
export type SheetColumnOutput = Static<typeof SheetColumn>;

export const SheetOutline = Type.Object({
  name: Type.String(),
  /** 0-based index of the header row, or null when no row looks like one. */
  header_row: Nullable(Type.Integer({ minimum: 0 })),
  columns: Type.Array(SheetColumn),
  /** Rows below the header that hold anything. */
  data_rows: Type.Integer({ minimum: 0 }),
});
export type SheetOutlineOutput = Static<typeof SheetOutline>;

export const OutcomeCounts = Type.Object(
  Object.fromEntries(ROW_OUTCOMES.map((o) => [o, Type.Integer({ minimum: 0 })])) as Record<RowOutcome, ReturnType<typeof Type.Integer>>,
);
export type OutcomeCountsOutput = Static<typeof OutcomeCounts>;

export const ImportOptions = Type.Object(
  {
    ledger_name: NonBlankString(200),
    sheet: Type.String({ minLength: 1, maxLength: 200 }),
    header_row: Type.Integer({ minimum: 0, maximum: 1000, description: '0-based index of the header row' }),
    /** One entry per column of the sheet, in order: the field it fills, or null to ignore it. */
    mapping: Type.Array(Nullable(LedgerFieldSchema), { maxItems: 500 }),
    crs: CoordinateSystem,
  },
  { additionalProperties: false },
);
export type ImportOptionsInput = Static<typeof ImportOptions>;

export const ImportStateOutput = Type.Object({
  id: Type.Integer(),
  file_name: Type.String(),
  byte_size: Type.Integer(),
  state: Type.Enum([...IMPORT_STATES]),
  created_by: Type.String(),
  created_at: Type.String(),
  /** Rows analysed or written so far, of `total`: drives the progress bar. */
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
  sheets: Type.Array(SheetOutline),
  /** The ledger this file is taken to be: its name defaults to the file's, and a known ledger's mapping is applied. */
  ledger: Type.Object({ name: Type.String(), known: Type.Boolean() }),
  crs: CoordinateSystem,
  /** What the user confirmed, once a preview has been asked for. */
  options: Nullable(ImportOptions),
  /** Outcome counts of the preview (and, once committed, of what was written). */
  counts: Nullable(OutcomeCounts),
  /** Why analysing or committing failed; nothing was written. */
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String(), message_zh: Type.String() })),
});
export type ImportState = Static<typeof ImportStateOutput>;

export const RowProblem = Type.Object({
  /** Excel's column letter, or null for a problem of the whole row. */
  column: Nullable(Type.String()),
  header: Nullable(Type.String()),
  reason: Type.String(),
  reason_zh: Type.String(),
});
export type RowProblemOutput = Static<typeof RowProblem>;

export const PreviewRow = Type.Object({
  /** As Excel numbers it (1-based), so "row 12" is the row a clerk sees. */
  row_number: Type.Integer(),
  row_key: Nullable(Type.String()),
  outcome: Type.Enum([...ROW_OUTCOMES]),
  title: Nullable(Type.String()),
  kind: Nullable(Type.String()),
  address: Nullable(Type.String()),
  /** update / unchanged / conflict: the project the key already stands for; create, once committed: the new one. */
  project_id: Nullable(Type.Integer()),
  /** update: field → [now, from the ledger]. */
  changes: Nullable(Type.Record(Type.String(), Type.Array(Type.Unknown()))),
  problems: Type.Array(RowProblem),
  /** Notes that do not stop the row, e.g. coordinates converted from GCJ-02. */
  warnings: Type.Array(RowProblem),
});
export type PreviewRowOutput = Static<typeof PreviewRow>;

export const PreviewPage = Type.Object({
  total: Type.Integer(),
  rows: Type.Array(PreviewRow),
});

export const PreviewQuery = Type.Object({
  outcome: Type.Optional(Type.Enum([...ROW_OUTCOMES])),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const UnplacedRow = Type.Object({
  import_id: Type.Integer(),
  row_number: Type.Integer(),
  ledger_name: Type.String(),
  row_key: Nullable(Type.String()),
  title: Type.String(),
  kind: Type.String(),
  address: Nullable(Type.String()),
  imported_at: Type.String(),
});
export type UnplacedRowOutput = Static<typeof UnplacedRow>;

export const PlaceBody = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false },
);

export const LedgerOutput = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  crs: CoordinateSystem,
  /** Normalised header → field, as last confirmed. */
  mapping: Type.Record(Type.String(), Nullable(LedgerFieldSchema)),
  projects: Type.Integer({ description: 'projects this ledger created' }),
  updated_at: Type.String(),
});
export type LedgerSummary = Static<typeof LedgerOutput>;
