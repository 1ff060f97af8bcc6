import { ApiError } from '../../api/http.js';
import { problemsFromServer } from '../editing/fieldErrors.js';
import type { Problem } from '../editing/validate.js';

/** Where a problem shows: beside the input its JSON pointer names (`/username`), or at the top of the form. */
export const FORM = 'form';

export function problemsByField(problems: readonly Problem[], fields: readonly string[]): Map<string, Problem[]> {
  const groups = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = fields.includes(p.field.slice(1)) ? p.field.slice(1) : FORM;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return groups;
}

/** A 400's field errors as problems, or null when the refusal is not about fields. */
export function fieldProblemsOf(error: unknown): Problem[] | null {
  return error instanceof ApiError && error.fieldErrors.length > 0 ? problemsFromServer(error.fieldErrors) : null;
}

/** The fields left empty, as "required" problems named like the API names them. */
export function missing(values: Record<string, string>, required: readonly string[]): Problem[] {
  return required.filter((name) => (values[name] ?? '').trim() === '').map((name) => ({ field: `/${name}`, rule: 'required' as const }));
}
