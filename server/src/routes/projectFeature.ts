import { Type } from 'typebox';
import { KIND_CODES } from '../domain/kinds/index.js';
import { deadlineStanding, STATUSES } from '../domain/status.js';
import type { ProjectRow, PublicProjectRow } from '../queries/projects.js';
import { GeometryOutput } from '../domain/geojson.js';

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

export const ProjectListFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.Integer(),
  geometry: GeometryOutput,
  properties: Type.Object(PublicProperties),
});

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

function publicProperties(row: PublicProjectRow, today: string) {
  return {
    kind: row.kind,
    title: row.title,
    address: row.address,
    status: row.status,
    unit_id: row.unit_id,
    unit_name: row.unit_name,
    deadline: row.deadline,
    reported_on: row.reported_on,
    completed_on: row.completed_on,
    verified_on: row.verified_on,
    households_benefited: row.households_benefited,
    area_id: row.area_id,
    area_name: row.area_name,
    attributes: row.attributes,
    ...deadlineStanding(row, today),
    version: row.version,
    is_demo: row.is_demo,
    updated_at: row.updated_at.toISOString(),
  };
}

/** A project on a map or in a list: public fields only. */
export function projectListFeature(row: PublicProjectRow, today: string) {
  return { type: 'Feature' as const, id: row.id, geometry: row.geometry, properties: publicProperties(row, today) };
}

/**
 * A project opened on its own. The reporter's name and phone and the internal
 * note are private: included only for viewers allowed to see them (staff, and a
 * unit for its own projects), absent — not null — for everyone else.
 */
export function projectFeature(row: ProjectRow, today: string, options: { includePrivate: boolean }) {
  return {
    type: 'Feature' as const,
    id: row.id,
    geometry: row.geometry,
    properties: {
      ...publicProperties(row, today),
      description: row.description,
      completion_note: row.completion_note,
      reopen_count: row.reopen_count,
      created_at: row.created_at.toISOString(),
      ...(options.includePrivate
        ? { reporter_name: row.reporter_name, reporter_phone: row.reporter_phone, internal_note: row.internal_note }
        : {}),
    },
  };
}
