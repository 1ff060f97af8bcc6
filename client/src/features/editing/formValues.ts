import type { KindCode, KindDefinition } from '../../../../server/src/domain/kinds/index.js';
import type { Bilingual } from '../../../../server/src/domain/text.js';
import type { ProjectFeature, ProjectInput } from '../../api/types.js';

/**
 * What the form's inputs hold: the text exactly as typed, so an error never
 * reformats or drops what the user entered. `inputFromValues` turns it into
 * the API's shape.
 */
export interface FormValues {
  kind: KindCode;
  title: string;
  address: string;
  description: string;
  unit_id: string;
  deadline: string;
  reported_on: string;
  households_benefited: string;
  reporter_name: string;
  reporter_phone: string;
  internal_note: string;
  attributes: Record<string, string>;
}

export type TextField = Exclude<keyof FormValues, 'kind' | 'attributes'>;

/** One kind-specific attribute as a form input, read from the kind's TypeBox schema. */
export interface AttributeField {
  name: string;
  label: Bilingual;
  type: 'integer' | 'number' | 'string' | 'enum';
  options?: readonly string[];
  min?: number;
  max?: number;
  exclusiveMin?: number;
  exclusiveMax?: number;
  maxLength?: number;
  required: boolean;
}

/** The JSON Schema keywords an attribute input can express; TypeBox schemas are plain JSON Schema. */
interface AttributeSchema {
  type?: string;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxLength?: number;
}

export function attributeFields(kind: KindDefinition): AttributeField[] {
  const properties = kind.attributes.properties as Record<string, AttributeSchema>;
  const required = new Set<string>((kind.attributes.required as string[] | undefined) ?? []);
  const labels = kind.attributeLabels as Record<string, Bilingual>;
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    label: labels[name] ?? { zh: name, en: name },
    type: schema.enum ? 'enum' : schema.type === 'integer' || schema.type === 'number' ? schema.type : 'string',
    options: schema.enum?.map(String),
    min: schema.minimum,
    max: schema.maximum,
    exclusiveMin: schema.exclusiveMinimum,
    exclusiveMax: schema.exclusiveMaximum,
    maxLength: schema.maxLength,
    required: required.has(name),
  }));
}

export function emptyValues(kind: KindCode): FormValues {
  return {
    kind,
    title: '',
    address: '',
    description: '',
    unit_id: '',
    deadline: '',
    reported_on: '',
    households_benefited: '',
    reporter_name: '',
    reporter_phone: '',
    internal_note: '',
    attributes: {},
  };
}

const text = (value: string | number | null | undefined): string => (value === null || value === undefined ? '' : String(value));

export function valuesFromProject(project: ProjectFeature): FormValues {
  const p = project.properties;
  return {
    kind: p.kind,
    title: p.title,
    address: text(p.address),
    description: text(p.description),
    unit_id: text(p.unit_id),
    deadline: text(p.deadline),
    reported_on: text(p.reported_on),
    households_benefited: text(p.households_benefited),
    reporter_name: text(p.reporter_name),
    reporter_phone: text(p.reporter_phone),
    internal_note: text(p.internal_note),
    attributes: Object.fromEntries(Object.entries(p.attributes).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : text(v as string | number)])),
  };
}

/** A value typed where a number belongs that is no number at all. */
export interface ParseProblem {
  field: string;
  rule: 'number';
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value);

/** Numbers as typed; NaN when the text is not one (the caller reports it). */
const numberOrNull = (value: string): number | null => (value.trim() === '' ? null : Number(value.trim()));

/**
 * The project input the form's text stands for: blanks become null (cleared),
 * a blank report date is left to the server's default (today).
 */
export function inputFromValues(values: FormValues, kind: KindDefinition): { input: ProjectInput; problems: ParseProblem[] } {
  const problems: ParseProblem[] = [];
  const numeric = (field: string, value: string): number | null => {
    const n = numberOrNull(value);
    if (n !== null && !Number.isFinite(n)) problems.push({ field, rule: 'number' });
    return n;
  };
  const attributes: Record<string, unknown> = {};
  for (const field of attributeFields(kind)) {
    const raw = values.attributes[field.name] ?? '';
    if (raw.trim() === '') continue;
    attributes[field.name] =
      field.type === 'integer' || field.type === 'number' ? numeric(`/properties/attributes/${field.name}`, raw) : raw;
  }
  const unit = numeric('/properties/unit_id', values.unit_id);
  const input: ProjectInput = {
    kind: values.kind,
    title: values.title,
    address: orNull(values.address),
    description: orNull(values.description),
    unit_id: unit,
    deadline: orNull(values.deadline),
    households_benefited: numeric('/properties/households_benefited', values.households_benefited),
    attributes,
    reporter_name: orNull(values.reporter_name),
    reporter_phone: orNull(values.reporter_phone),
    internal_note: orNull(values.internal_note),
  };
  if (values.reported_on.trim() !== '') input.reported_on = values.reported_on;
  return { input, problems };
}

/** The properties that differ between two inputs: what an edit sends, and nothing more. */
export function changedProperties(before: ProjectInput, after: ProjectInput): Partial<ProjectInput> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof ProjectInput)[]) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key])) changes[key] = after[key];
  }
  return changes as Partial<ProjectInput>;
}

/** The fields where two sets of form values differ, attributes as `attributes.<name>`. */
export function differingFields(a: FormValues, b: FormValues): string[] {
  const fields: string[] = [];
  for (const key of Object.keys(a) as (keyof FormValues)[]) {
    if (key === 'attributes') continue;
    if (a[key] !== b[key]) fields.push(key);
  }
  const names = new Set([...Object.keys(a.attributes), ...Object.keys(b.attributes)]);
  for (const name of names) {
    if ((a.attributes[name] ?? '') !== (b.attributes[name] ?? '')) fields.push(`attributes.${name}`);
  }
  return fields;
}

/** `target` with the named fields (as `differingFields` names them) taken from `source`. */
export function withFields(target: FormValues, source: FormValues, fields: readonly string[]): FormValues {
  const next: FormValues = { ...target, attributes: { ...target.attributes } };
  for (const field of fields) {
    if (field.startsWith('attributes.')) {
      const name = field.slice('attributes.'.length);
      next.attributes[name] = source.attributes[name] ?? '';
    } else {
      (next as unknown as Record<string, unknown>)[field] = source[field as keyof FormValues];
    }
  }
  return next;
}
