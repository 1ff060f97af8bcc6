import { Compile } from 'typebox/compile';
import type { IsoDate } from '../../../../server/src/domain/dates.js';
import type { FieldError } from '../../../../server/src/domain/errors.js';
import { KINDS, type KindDefinition } from '../../../../server/src/domain/kinds/index.js';
import { ProjectInputProperties, resolveProject } from '../../../../server/src/domain/project.js';
import type { ProjectInput } from '../../api/types.js';
import type { ParseProblem } from './formValues.js';

/** The catalogue's words for a broken schema rule (messages.ts, `rules`). */
export type RuleKey =
  | 'required'
  | 'blank'
  | 'tooLong'
  | 'min'
  | 'max'
  | 'exclusiveMin'
  | 'exclusiveMax'
  | 'integer'
  | 'number'
  | 'enum'
  | 'date'
  | 'phone'
  | 'pattern'
  | 'invalid'
  | 'geometryMissing'
  | 'photoType'
  | 'photoSize';

/**
 * A problem with one field, named by a JSON pointer as the API names it:
 * either a rule the catalogue words, or a reason in both languages (the
 * domain's own rules, and everything the server answers).
 */
export type Problem =
  | { field: string; rule: RuleKey; params?: Record<string, string | number> }
  | Pick<FieldError, 'field' | 'reason' | 'reason_zh'>;

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

const inputChecker = Compile(ProjectInputProperties);
const attributeCheckers = new Map(KINDS.map((k: KindDefinition) => [k.code as string, Compile(k.attributes)]));

function ruleOf(e: SchemaError, field: string): Pick<Extract<Problem, { rule: RuleKey }>, 'rule' | 'params'> {
  const limit = e.params.limit as number;
  switch (e.keyword) {
    case 'required':
      return { rule: 'required' };
    case 'minLength':
      return { rule: field.endsWith('/title') ? 'required' : 'invalid' };
    case 'maxLength':
      return { rule: 'tooLong', params: { limit } };
    case 'pattern':
      if (field.endsWith('/title')) return { rule: 'blank' };
      return { rule: field.endsWith('/reporter_phone') ? 'phone' : 'pattern' };
    case 'minimum':
      return { rule: 'min', params: { limit } };
    case 'maximum':
      return { rule: 'max', params: { limit } };
    case 'exclusiveMinimum':
      return { rule: 'exclusiveMin', params: { limit } };
    case 'exclusiveMaximum':
      return { rule: 'exclusiveMax', params: { limit } };
    case 'type':
      return { rule: e.params.type === 'integer' ? 'integer' : e.params.type === 'number' ? 'number' : 'invalid' };
    case 'enum':
      return { rule: 'enum' };
    case 'format':
      return { rule: 'date' };
    default:
      return { rule: 'invalid' };
  }
}

/** One problem per field: a nullable value fails on both branches, and the first says why. */
function schemaProblems(errors: Iterable<SchemaError>, prefix: string): Problem[] {
  const byField = new Map<string, Problem>();
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'boolean') continue;
    const field = e.keyword === 'required' ? `${prefix}${e.instancePath}/${String(e.params.requiredProperties ?? e.params.missingProperty)}` : `${prefix}${e.instancePath}`;
    if (!byField.has(field)) byField.set(field, { field, ...ruleOf(e, field) });
  }
  return [...byField.values()];
}

/**
 * Checks a draft with the server's rules: the input schema, the kind's
 * attribute schema, then the domain's cross-field and geometry rules
 * (`resolveProject`). What the client cannot know (a deleted unit, a geometry
 * only GEOS refuses, a concurrent edit) still comes back from the server.
 */
export function validateDraft(
  input: ProjectInput,
  geometry: GeoJSON.Geometry | null,
  today: IsoDate,
  parseProblems: ParseProblem[] = [],
): Problem[] {
  const problems: Problem[] = [...parseProblems];
  const seen = () => new Set(problems.map((p) => p.field));
  const add = (found: Problem[]) => {
    const fields = seen();
    problems.push(...found.filter((p) => !fields.has(p.field)));
  };
  const { attributes = {}, ...rest } = input;
  add(schemaProblems(inputChecker.Errors(rest) as Iterable<SchemaError>, '/properties'));
  const attributeChecker = attributeCheckers.get(input.kind);
  if (attributeChecker) add(schemaProblems(attributeChecker.Errors(attributes) as Iterable<SchemaError>, '/properties/attributes'));
  if (geometry === null) add([{ field: '/geometry', rule: 'geometryMissing' }]);
  // The schema checks must pass first: the domain rules assume well-typed input.
  if (problems.length === 0 || problems.every((p) => p.field === '/geometry')) {
    const resolved = resolveProject(input, geometry, today);
    if (!resolved.ok) {
      add(resolved.errors.filter((e) => geometry !== null || !e.field.startsWith('/geometry')));
    }
  }
  return problems;
}
