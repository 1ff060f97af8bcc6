import { Type } from 'typebox';
import { GeometryOutput } from '../geojson.js';
import { KIND_CODES } from '../kinds/index.js';
import { STATUSES } from '../status.js';

/**
 * The project resource's answers, as routes/projects.ts and routes/loop.ts
 * declare them and the client reads them: one schema validates what the
 * server sends, documents it in /docs, and types it in the browser.
 */

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

/** What anyone may read of a project. */
const PublicProperties = {
  kind: Type.Enum(KIND_CODES),
  title: Type.String(),
  address: NullableString,
  status: Type.Enum(STATUSES),
  unit_id: NullableInteger,
  unit_name: NullableString,
  deadline: NullableString,
  reported_on: Type.String(),
  completed_on: NullableString,
  verified_on: NullableString,
  households_benefited: NullableInteger,
  area_id: NullableInteger,
  area_name: Type.Union([Type.String(), Type.Null()], { description: 'derived from the geometry' }),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  overdue: Type.Boolean({ description: 'open and past the deadline' }),
  days_overdue: NullableInteger,
  days_left: NullableInteger,
  version: Type.Integer(),
  is_demo: Type.Boolean({ description: 'made-up demo data' }),
  updated_at: Type.String({ format: 'date-time' }),
};

/** A project on a map or in a list: public fields only. */
export const ProjectListFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.Integer(),
  geometry: GeometryOutput,
  properties: Type.Object(PublicProperties),
});

/** A project opened on its own; the private fields only for those who may see them. */
export const ProjectFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.Integer(),
  geometry: GeometryOutput,
  properties: Type.Object({
    ...PublicProperties,
    description: NullableString,
    completion_note: Type.Union([Type.String(), Type.Null()], { description: 'what the unit says it did' }),
    reopen_count: Type.Integer({ description: 'times an unsatisfied follow-up sent it back to work' }),
    created_at: Type.String({ format: 'date-time' }),
    reporter_name: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'private: staff only' })),
    reporter_phone: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'private: staff only' })),
    internal_note: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'private: staff only' })),
  }),
});

/** Projects without paging: a unit's tasks, for instance. */
export const ProjectCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(ProjectListFeature),
});

/** A page of the project list, with the URL of the next page (null on the last). */
export const ProjectPage = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(ProjectListFeature),
  numberReturned: Type.Integer(),
  next: Type.Union([Type.String(), Type.Null()], { description: 'the URL of the next page, null on the last' }),
});

/** What a row of a project's history records. */
export const HISTORY_ACTIONS = ['create', 'update', 'delete', 'transition', 'photo'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** A field's value before and after a change: two items in JSON, a pair in TypeScript. */
const BeforeAfter = Type.Unsafe<[unknown, unknown]>(Type.Array(Type.Unknown(), { minItems: 2, maxItems: 2 }));

/** One recorded change; who made it, what changed and the note are for staff only. */
export const HistoryEntry = Type.Object({
  id: Type.Integer(),
  version: Type.Integer(),
  action: Type.Enum(HISTORY_ACTIONS),
  at: Type.String({ format: 'date-time' }),
  from_status: Type.Union([Type.String(), Type.Null()]),
  to_status: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Optional(Type.String({ description: 'staff only' })),
  changes: Type.Optional(Type.Record(Type.String(), BeforeAfter, { description: 'staff only: each field changed, [before, after]' })),
  note: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'staff only' })),
});

/** The formats a list of projects is exported in (`GET /api/projects/export?format=`). */
export const EXPORT_FORMATS = ['xlsx', 'csv', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
