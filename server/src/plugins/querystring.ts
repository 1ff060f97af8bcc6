/**
 * The query string, parsed as Fastify's own parser does (a repeated key
 * becomes a list, `+` is a space), except that a %-escape that does not decode
 * to UTF-8 text is not passed on as its raw letters: the keys that held one
 * are remembered, and the validator refuses them as a 400 naming the field.
 */
export const UNDECODABLE_KEYS = Symbol('query keys whose value did not decode');

export type ParsedQuery = Record<string, string | string[]> & { [UNDECODABLE_KEYS]?: string[] };

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

export function parseQueryString(query: string): ParsedQuery {
  const parsed: ParsedQuery = Object.create(null) as ParsedQuery;
  const undecodable: string[] = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    const key = decode(rawKey) ?? rawKey;
    let value = decode(rawValue);
    if (value === undefined) {
      undecodable.push(key);
      value = rawValue;
    }
    const existing = parsed[key];
    parsed[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  if (undecodable.length > 0) Object.defineProperty(parsed, UNDECODABLE_KEYS, { value: undecodable, enumerable: false });
  return parsed;
}
