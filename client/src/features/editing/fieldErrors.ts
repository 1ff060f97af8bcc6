import type { FieldError } from '../../../../server/src/domain/errors.js';
import type { Problem } from './validate.js';

/** Where a problem is shown: beside an input, beside the drawing controls, or at the top of the form. */
export const GEOMETRY = 'geometry';
export const FORM = 'form';

/**
 * The form field a JSON pointer names: `title` for `/properties/title`,
 * `attributes.piles` for `/properties/attributes/piles`, `geometry` for
 * anything under `/geometry`. Pointers naming no field on the form go to the top.
 */
export function fieldKeyOf(pointer: string, fields: ReadonlySet<string>): string {
  if (pointer === '/geometry' || pointer.startsWith('/geometry/')) return GEOMETRY;
  const attribute = /^\/properties\/attributes\/([^/]+)/.exec(pointer);
  if (attribute) return fields.has(`attributes.${attribute[1]}`) ? `attributes.${attribute[1]}` : FORM;
  const property = /^\/properties\/([^/]+)$/.exec(pointer);
  if (property && fields.has(property[1]!)) return property[1]!;
  return FORM;
}

export function groupByField(problems: readonly Problem[], fields: ReadonlySet<string>): Map<string, Problem[]> {
  const groups = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = fieldKeyOf(p.field, fields);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return groups;
}

/** The server's 400 answer as problems; errors outside the body (query, path) belong to no field. */
export function problemsFromServer(errors: readonly FieldError[]): Problem[] {
  return errors.map((e) => ({ field: e.in === 'body' ? e.field : `/${e.in}${e.field}`, reason: e.reason, reason_zh: e.reason_zh }));
}
