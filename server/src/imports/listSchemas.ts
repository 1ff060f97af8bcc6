import { Type, type Static } from 'typebox';
import { CoordinateSystem } from './importSchemas.js';
import { ALL_LIST_FIELDS, LIST_KINDS } from './listFields.js';

/** The API of list imports (单位名录, 人员名单, 小区名录): its bodies and answers, one definition each. */
export const ListKindSchema = Type.Enum(LIST_KINDS, { description: 'units (单位名录), staff (人员名单) or compounds (小区名录)' });

export const ListUploadQuery = Type.Object(
  {
    kind: ListKindSchema,
    file_name: Type.String({ minLength: 1, maxLength: 255, description: 'the file’s name, as the admin chose it' }),
  },
  { additionalProperties: false },
);

const Bilingual = { en: Type.String(), zh: Type.String() };

export const ListFieldOutput = Type.Object({ field: Type.String(), ...Bilingual, required: Type.Boolean() });

export const ListColumn = Type.Object({
  index: Type.Integer({ description: '0-based column index' }),
  letter: Type.String({ description: 'Excel’s letter for the column' }),
  header: Type.String(),
  field: Type.Union([Type.String(), Type.Null()], { description: 'the field the column is guessed to hold' }),
  samples: Type.Array(Type.String(), { description: 'the first few values below the header' }),
});

export const ListUploadOutput = Type.Object({
  id: Type.Integer(),
  kind: ListKindSchema,
  file_name: Type.String(),
  sheet: Type.String({ description: 'the sheet read: the first with a header row' }),
  header_row: Type.Integer({ description: 'Excel’s row number of the header' }),
  data_rows: Type.Integer(),
  columns: Type.Array(ListColumn),
  fields: Type.Array(ListFieldOutput, { description: 'what a list of this kind holds, in order' }),
});
export type ListUpload = Static<typeof ListUploadOutput>;

export const ListMappingBody = Type.Object(
  {
    mapping: Type.Partial(
      Type.Object(Object.fromEntries(ALL_LIST_FIELDS.map((f) => [f, Type.Integer({ minimum: 0, maximum: 255 })]))),
      { additionalProperties: false, description: 'field → 0-based column index; the kind’s required fields must be given' },
    ),
    crs: Type.Optional(CoordinateSystem),
  },
  { additionalProperties: false },
);
export type ListMapping = Static<typeof ListMappingBody>;

export const LIST_OUTCOMES = ['create', 'update', 'unchanged', 'rejected'] as const;
export type ListOutcome = (typeof LIST_OUTCOMES)[number];

export const ListProblem = Type.Object({ field: Type.String({ description: 'the field, or "row"' }), ...Bilingual });
export type ListProblemOutput = Static<typeof ListProblem>;

export const ListRow = Type.Object({
  row_number: Type.Integer({ description: 'Excel’s row number' }),
  outcome: Type.Enum(LIST_OUTCOMES),
  label: Type.String({ description: 'the unit’s full name, the user’s name, the compound’s name' }),
  values: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), { description: 'each field as it will be stored, as text' }),
  problems: Type.Array(ListProblem, { description: 'why a row is rejected' }),
  notes: Type.Array(ListProblem, { description: 'what a row changes or what was assumed, for a row that is not rejected' }),
});
export type ListRowOutput = Static<typeof ListRow>;

export const ListCounts = Type.Object({ create: Type.Integer(), update: Type.Integer(), unchanged: Type.Integer(), rejected: Type.Integer() });
export type ListCountsOutput = Static<typeof ListCounts>;

export const ListPreviewOutput = Type.Object({ id: Type.Integer(), kind: ListKindSchema, counts: ListCounts, rows: Type.Array(ListRow) });
export type ListPreview = Static<typeof ListPreviewOutput>;

export const InitialPassword = Type.Object({ username: Type.String(), display_name: Type.String(), password: Type.String() });

export const ListCommitOutput = Type.Object({
  id: Type.Integer(),
  kind: ListKindSchema,
  counts: ListCounts,
  rows: Type.Array(ListRow),
  initial_passwords: Type.Array(InitialPassword, {
    description: 'staff lists: each new account’s generated password, shown this once; only its argon2 hash is stored',
  }),
});
export type ListCommit = Static<typeof ListCommitOutput>;
