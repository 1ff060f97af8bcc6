import { Type, type Static } from 'typebox';
import type { GeometryJson } from './geojson.js';
import { Nullable, NonBlankString } from './schemaTypes.js';
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
  /** Rows of the preview that are written (or wait to be placed) with a warning: counted apart from the rejected ones. */
  warned: Nullable(Type.Integer({ minimum: 0 })),
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
  /** Only the rows written (or waiting) with a warning. */
  warned: Type.Optional(Type.Boolean()),
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
  /** Where the ledger put it, when it did: a compound waiting to be outlined (待勾画) is drawn around here. */
  point: Nullable(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 })),
});
export type UnplacedRowOutput = Static<typeof UnplacedRow>;

/** Where a waiting row goes: the point clicked, or (for a 老旧小区 waiting to be outlined, 待勾画) the outline drawn. */
export const PlaceBody = Type.Object(
  {
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    geometry: Type.Optional(
      Type.Unsafe<GeometryJson>({ type: 'object', description: 'a GeoJSON geometry of a type the row’s kind takes, WGS-84: a compound’s outline (Polygon)' }),
    ),
  },
  { additionalProperties: false },
);
export type PlaceInput = Static<typeof PlaceBody>;

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

// ---------------------------------------------------------------- reconciling values

/** The columns whose values are reconciled with what the database knows. */
export const RECONCILE_FIELDS = ['unit', 'kind', 'status', 'street'] as const;
export type ReconcileField = (typeof RECONCILE_FIELDS)[number];

export const ValueTarget = Type.Object({
  /** A unit's or street's id; a kind's or status's code. */
  id: Type.Union([Type.Integer(), Type.String()]),
  name: Type.String(),
});
export type ValueTargetOutput = Static<typeof ValueTarget>;

export const VALUE_SOURCES = ['short_name', 'abbreviation', 'similar'] as const;

export const ValueEntry = Type.Object({
  field: Type.Enum([...RECONCILE_FIELDS]),
  /** As the ledger first writes it. */
  value: Type.String(),
  /** Rows of the preview that carry it. */
  rows: Type.Integer({ minimum: 1 }),
  /**
   * What the preview takes it to mean without the planner: a unit's known short name, the one unit of the rows'
   * district whose name it abbreviates, a kind or street it resembles; null when none (or two) fit.
   */
  suggestion: Nullable(Type.Object({ ...ValueTarget.properties, source: Type.Enum([...VALUE_SOURCES]) })),
  /** What the planner decided; it applies from the next preview on, and to this ledger's next files. */
  choice: Nullable(ValueTarget),
  /** The district of the rows carrying it, when known: a unit created from the value belongs to it. */
  district: Nullable(ValueTarget),
});
export type ValueEntryOutput = Static<typeof ValueEntry>;

export const ValueList = Type.Object({
  /** Most rows first, at most 500. */
  values: Type.Array(ValueEntry),
  /** How many distinct values did not match exactly, listed or not. */
  total: Type.Integer({ minimum: 0 }),
});
export type ValueListOutput = Static<typeof ValueList>;

export const ValueDecision = Type.Object(
  {
    field: Type.Enum([...RECONCILE_FIELDS]),
    value: Type.String({ minLength: 1, maxLength: 500 }),
    /**
     * accept: take the suggestion; pick: take `id`; create (units only): a new unit named `name`, or the value with
     * its district written out (区消防大队 → 清溪区消防大队); forget: drop an earlier decision.
     */
    action: Type.Enum(['accept', 'pick', 'create', 'forget']),
    id: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2147483647 }), Type.String({ minLength: 1, maxLength: 40 })])),
    name: Type.Optional(NonBlankString(200)),
  },
  { additionalProperties: false },
);
export type ValueDecisionInput = Static<typeof ValueDecision>;

export const ValueDecisions = Type.Object(
  { decisions: Type.Array(ValueDecision, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);
