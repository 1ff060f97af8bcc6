import { Type, type Static } from 'typebox';
import { AREA_LEVELS } from './area.js';
import { Nullable } from './schemaTypes.js';

/** The request and answer shapes of the boundary import (/api/area-imports), shared by the routes, the CLI and the app. */

export const AREA_IMPORT_STATES = ['uploaded', 'analysing', 'previewed', 'committing', 'committed', 'failed'] as const;
export type AreaImportStateName = (typeof AREA_IMPORT_STATES)[number];

export const AREA_ROW_OUTCOMES = ['create', 'update', 'rejected'] as const;
export type AreaRowOutcome = (typeof AREA_ROW_OUTCOMES)[number];

const Note = Type.Object({ code: Type.String(), message: Type.String(), message_zh: Type.String() });
export type AreaImportNote = Static<typeof Note>;

const Column = Type.Object({
  name: Type.String(),
  samples: Type.Array(Type.String(), { description: 'the first few values, as the admin recognises the column by them' }),
});

export const LayerOutline = Type.Object({
  name: Type.String({ description: 'the Shapefile’s name inside the zip, or the file’s' }),
  format: Type.Union([Type.Literal('shapefile'), Type.Literal('geojson'), Type.Literal('kml')]),
  feature_count: Type.Integer(),
  columns: Type.Array(Column),
  crs: Nullable(
    Type.Object({
      code: Nullable(Type.String({ description: 'EPSG:xxxx; null for a .prj read as it is' })),
      label: Type.String(),
      source: Type.Union([Type.Literal('prj'), Type.Literal('file'), Type.Literal('guessed')]),
    }),
  ),
  crs_problem: Nullable(Type.Object({ message: Type.String(), message_zh: Type.String() })),
  encoding: Nullable(Type.Object({ encoding: Type.String(), source: Type.String({ description: 'cpg, dbf-header or detected' }) })),
  suggested: Type.Object({
    level: Nullable(Type.Enum(AREA_LEVELS)),
    name_column: Nullable(Type.String()),
    code_column: Nullable(Type.String()),
    parent_column: Nullable(Type.String()),
  }),
});
export type LayerOutlineOutput = Static<typeof LayerOutline>;

export const AreaImportOptions = Type.Object(
  {
    layer: Type.Optional(Type.String({ maxLength: 255, description: 'which layer of a zip with several; the first by default' })),
    level: Type.Enum(AREA_LEVELS, { description: 'the level every feature of the layer is: district, street or community' }),
    name_column: Type.String({ minLength: 1, maxLength: 255 }),
    code_column: Type.Optional(Nullable(Type.String({ maxLength: 255, description: 'codes make a re-import update the same areas; without, areas are matched by name under their parent' }))),
    parent_column: Type.Optional(
      Nullable(Type.String({ maxLength: 255, description: 'the parent’s name or code; without, or when it names nothing, the parent is the area of the level above that holds the feature. For districts: the prefecture’s name' })),
    ),
    name_en_column: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
    crs: Type.Optional(
      Nullable(Type.String({ maxLength: 32, description: 'EPSG:4490, EPSG:4547 …, or gcj02; without, the file’s own (its .prj, or what its positions show)' })),
    ),
  },
  { additionalProperties: false },
);
export type AreaImportOptionsInput = Static<typeof AreaImportOptions>;

export const AreaImportCounts = Type.Object({
  create: Type.Integer(),
  update: Type.Integer(),
  rejected: Type.Integer(),
  warned: Type.Integer({ description: 'rows to be written that carry a warning (repaired, overlapping, parent found by location …)' }),
});
export type AreaImportCountsOutput = Static<typeof AreaImportCounts>;

export const AreaGap = Type.Object({
  parent_id: Nullable(Type.Integer()),
  parent_name: Type.String(),
  gap_m2: Type.Number({ description: 'the parent’s land in none of its children, once this import is written' }),
  share: Type.Number({ description: 'gap_m2 as a share of the parent, 0–1' }),
  pieces: Type.Integer({ description: 'gaps of at least 1,000 m²' }),
  geometry: Nullable(Type.Unknown({ description: 'the gaps, simplified, as GeoJSON' })),
});

export const AreaImportState = Type.Object({
  id: Type.Integer(),
  file_name: Type.String(),
  byte_size: Type.Integer(),
  state: Type.Enum(AREA_IMPORT_STATES),
  created_by: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  columns: Type.Array(Type.String(), { description: 'the columns of the first layer (or the chosen one)' }),
  layers: Type.Array(LayerOutline),
  options: Nullable(AreaImportOptions),
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
  counts: Nullable(AreaImportCounts),
  gaps: Type.Array(AreaGap),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String(), message_zh: Type.String() })),
  committed_at: Nullable(Type.String({ format: 'date-time' })),
});
export type AreaImportStateOutput = Static<typeof AreaImportState>;

export const AreaImportRow = Type.Object({
  row_number: Type.Integer({ description: 'the feature’s place in the layer, from 1' }),
  name: Nullable(Type.String()),
  code: Nullable(Type.String()),
  parent_id: Nullable(Type.Integer()),
  parent_name: Nullable(Type.String()),
  area_id: Nullable(Type.Integer({ description: 'the area an update changes' })),
  outcome: Type.Enum(AREA_ROW_OUTCOMES),
  problems: Type.Array(Note, { description: 'why the row is rejected' }),
  warnings: Type.Array(Note, { description: 'what was repaired or guessed, written all the same' }),
  area_m2: Nullable(Type.Number()),
  geometry: Nullable(Type.Unknown({ description: 'the boundary as it will be written, simplified for the preview map' })),
});
export type AreaImportRowOutput = Static<typeof AreaImportRow>;

export const AreaImportRowsQuery = Type.Object(
  {
    outcome: Type.Optional(Type.Enum(AREA_ROW_OUTCOMES)),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const AreaImportRows = Type.Object({ total: Type.Integer(), rows: Type.Array(AreaImportRow) });
export type AreaImportRowsOutput = Static<typeof AreaImportRows>;
