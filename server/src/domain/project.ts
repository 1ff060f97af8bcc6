import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { addDays, type IsoDate } from './dates.js';
import { bodyError, type FieldError } from './errors.js';
import { geometryErrors } from './geometry.js';
import { findKind, KIND_CODES, KINDS, type KindCode, type KindDefinition } from './kinds/index.js';
import { IsoDateSchema, NonBlankString, Nullable, PositiveInt4 } from './schemaTypes.js';
import { ASSIGNED_STATUSES, DONE_STATUSES, isOpen, type Status } from './status.js';

/**
 * The properties a client may set on a project. Everything else is derived;
 * the status and its dates change only through the loop's transitions
 * (POST /api/projects/{id}/transitions), never by an edit.
 */
export const ProjectInputProperties = Type.Object(
  {
    kind: Type.Enum(KIND_CODES, { description: 'streetlight | drainage | compound | charging' }),
    title: NonBlankString(200),
    description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    unit_id: Type.Optional(Nullable(PositiveInt4())),
    deadline: Type.Optional(Nullable(IsoDateSchema)),
    reported_on: Type.Optional(IsoDateSchema),
    households_benefited: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000_000 }))),
    attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'kind-specific, see GET /api/kinds' })),
    reporter_name: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'private' }))),
    reporter_phone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+()\\- ]{3,30}$', maxLength: 30, description: 'private' }))),
    internal_note: Type.Optional(Nullable(Type.String({ maxLength: 5000, description: 'private: for staff only' }))),
  },
  { additionalProperties: false },
);
export type ProjectInput = Static<typeof ProjectInputProperties>;

/** Where a project stands in the loop: set by transitions, carried through edits unchanged. */
export interface LoopState {
  status: Status;
  completed_on: IsoDate | null;
  verified_on: IsoDate | null;
}

/** A new project starts the loop here. */
export const NEW_PROJECT_STATE: LoopState = { status: 'reported', completed_on: null, verified_on: null };

/** Loose on purpose: `geometryErrors` gives the precise, per-part reasons. */
export const GeometryInput = Type.Object(
  {
    type: Type.String({ description: 'Point | LineString | Polygon | MultiPolygon, as the kind allows' }),
    coordinates: Type.Array(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type GeometryInputType = Static<typeof GeometryInput>;

export const CreateProjectBody = Type.Object(
  { type: Type.Literal('Feature'), geometry: GeometryInput, properties: ProjectInputProperties },
  { additionalProperties: false },
);

export const PatchProjectBody = Type.Object(
  {
    version: PositiveInt4({ description: 'the version the edit is based on; a stale one gets 409' }),
    properties: Type.Optional(Type.Partial(ProjectInputProperties, { additionalProperties: false })),
    geometry: Type.Optional(GeometryInput),
  },
  { additionalProperties: false },
);
export type PatchProject = Static<typeof PatchProjectBody>;

/** A project's editable state after defaults: what is written to the database. */
export interface ProjectRecord {
  kind: KindCode;
  title: string;
  description: string | null;
  address: string | null;
  status: Status;
  unit_id: number | null;
  deadline: IsoDate | null;
  reported_on: IsoDate;
  completed_on: IsoDate | null;
  verified_on: IsoDate | null;
  households_benefited: number | null;
  attributes: Record<string, unknown>;
  reporter_name: string | null;
  reporter_phone: string | null;
  internal_note: string | null;
}

export const EDITABLE_FIELDS = Object.keys(ProjectInputProperties.properties) as (keyof ProjectInput & keyof ProjectRecord)[];

const inputChecker = Compile(ProjectInputProperties);

/**
 * The schema's verdict on properties that did not come through a route's
 * validation (Open311 reports, ledger imports): one error per field.
 */
export function inputSchemaErrors(input: unknown): FieldError[] {
  if (inputChecker.Check(input)) return [];
  const byField = new Map<string, FieldError>();
  for (const e of inputChecker.Errors(input)) {
    const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperties: string[] }).additionalProperties[0] : undefined;
    const field = `/properties${e.instancePath}${extra ? `/${extra}` : ''}`;
    if (e.keyword === 'anyOf' || byField.has(field)) continue;
    byField.set(field, bodyError(field, extra ? 'is not a known field' : (e.message ?? 'is invalid'), extra ? '不是已知字段' : '取值不符合要求'));
  }
  return [...byField.values()];
}

const attributeCheckers = new Map(KINDS.map((k: KindDefinition) => [k.code, Compile(k.attributes)]));

/**
 * Applies the defaults and the cross-field rules to a whole project (a new one,
 * or an existing one merged with an edit). Either the record to store, or the
 * reasons it cannot be stored, each naming its field.
 */
export function resolveProject(
  input: ProjectInput,
  geometry: unknown,
  today: IsoDate,
  state: LoopState = NEW_PROJECT_STATE,
): { ok: true; record: ProjectRecord } | { ok: false; errors: FieldError[] } {
  const kind = findKind(input.kind);
  if (!kind) {
    return { ok: false, errors: [bodyError('/properties/kind', `unknown kind ${input.kind}`, `未知的项目类型 ${input.kind}`)] };
  }
  const record = withDefaults(input, state, kind, today);
  const errors = [
    ...geometryErrors(geometry, kind.geometryTypes),
    ...attributeErrors(kind, record.attributes),
    ...dateErrors(record, today),
  ];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, record };
}

function withDefaults(input: ProjectInput, state: LoopState, kind: KindDefinition, today: IsoDate): ProjectRecord {
  const { status } = state;
  return {
    kind: input.kind,
    title: input.title.trim(),
    description: input.description ?? null,
    address: input.address ?? null,
    status,
    unit_id: input.unit_id ?? null,
    // The district's time limit for the kind stands in for a deadline nobody set.
    deadline: input.deadline ?? (ASSIGNED_STATUSES.includes(status) && isOpen(status) ? addDays(today, kind.defaultTimeLimitDays) : null),
    reported_on: input.reported_on ?? today,
    completed_on: state.completed_on,
    verified_on: state.verified_on,
    households_benefited: input.households_benefited ?? null,
    attributes: input.attributes ?? {},
    reporter_name: input.reporter_name ?? null,
    reporter_phone: input.reporter_phone ?? null,
    internal_note: input.internal_note ?? null,
  };
}

function attributeErrors(kind: KindDefinition, attributes: Record<string, unknown>): FieldError[] {
  const checker = attributeCheckers.get(kind.code)!;
  if (checker.Check(attributes)) return [];
  return [...checker.Errors(attributes)]
    .filter((e) => e.keyword !== 'boolean')
    .slice(0, 5)
    .map((e) => {
      const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperties: string[] }).additionalProperties : [];
      if (extra.length > 0) {
        return bodyError(
          `/properties/attributes/${extra[0]}`,
          `${kind.name.en} has no attribute "${extra[0]}"; it has ${Object.keys(kind.attributeLabels).join(', ')}`,
          `${kind.name.zh}没有属性"${extra[0]}",可用属性为 ${Object.keys(kind.attributeLabels).join('、')}`,
        );
      }
      return bodyError(`/properties/attributes${e.instancePath}`, e.message, `取值不符合要求:${e.message}`);
    });
}

function dateErrors(p: ProjectRecord, today: IsoDate): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, en: string, zh: string) => errors.push(bodyError(`/properties/${field}`, en, zh));
  if (p.reported_on > today) add('reported_on', 'the report date cannot be in the future', '上报日期不能晚于今天');
  if (p.deadline !== null && p.deadline < p.reported_on) {
    add('deadline', 'the deadline cannot be before the report date', '完成时限不能早于上报日期');
  }
  if (p.completed_on !== null) {
    if (!DONE_STATUSES.includes(p.status)) {
      add('completed_on', `a ${p.status} project has no completion date`, '未完成的项目不能填写完成日期');
    } else if (p.completed_on > today) {
      add('completed_on', 'the completion date cannot be in the future', '完成日期不能晚于今天');
    } else if (p.completed_on < p.reported_on) {
      add('completed_on', 'the completion date cannot be before the report date', '完成日期不能早于上报日期');
    }
  }
  if (p.verified_on !== null) {
    if (p.status !== 'verified') {
      add('verified_on', `a ${p.status} project has no verification date`, '未回访销号的项目不能填写回访日期');
    } else if (p.verified_on > today) {
      add('verified_on', 'the verification date cannot be in the future', '回访日期不能晚于今天');
    } else if (p.completed_on !== null && p.verified_on < p.completed_on) {
      add('verified_on', 'the verification date cannot be before the completion date', '回访日期不能早于完成日期');
    }
  }
  return errors;
}
