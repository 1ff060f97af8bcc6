import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { findUnsafeText } from '../domain/textSafety.js';
import { UNDECODABLE_KEYS, type ParsedQuery } from './querystring.js';

const COMMON: Options = {
  // Unknown fields are refused, never silently dropped.
  removeAdditional: false,
  useDefaults: true,
  allErrors: true,
  // TypeBox adds keywords such as `kind`; they are metadata, not rules.
  strict: false,
};

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...COMMON, ...options });
  addFormats.default(ajv);
  return ajv;
}

/** Query strings and path parameters arrive as text: "5" is the number 5, a single value a one-item list. */
const textAjv = createAjv({ coerceTypes: 'array' });
/** A JSON body says what type it means: "5" where a number belongs is an error, not a guess. */
const jsonAjv = createAjv({ coerceTypes: false });

type JsonSchemaNode = Record<string, unknown>;

const isPlainObject = (v: unknown): v is JsonSchemaNode => v !== null && typeof v === 'object' && !Array.isArray(v);

const typesOf = (node: JsonSchemaNode): unknown[] => (Array.isArray(node.type) ? node.type : [node.type]);

/**
 * Every number a request carries is finite, and every integer exact: "1e309"
 * coerces to Infinity and 99999999999999999999 to a float that no PostgreSQL
 * integer holds, and both pass a plain `integer` or `number` schema. Bounds a
 * route gives itself are kept; only the unbounded side gets this one, so the
 * route's own limit is what its 400 names.
 */
export function withNumberBounds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNumberBounds);
  if (!isPlainObject(node)) return node;
  const copy: JsonSchemaNode = {};
  for (const [key, value] of Object.entries(node)) copy[key] = key === 'default' || key === 'const' || key === 'enum' || key === 'examples' ? value : withNumberBounds(value);
  const types = typesOf(node);
  const limit = types.includes('integer') ? Number.MAX_SAFE_INTEGER : types.includes('number') ? Number.MAX_VALUE : undefined;
  if (limit !== undefined) {
    if (copy.maximum === undefined && copy.exclusiveMaximum === undefined) copy.maximum = limit;
    if (copy.minimum === undefined && copy.exclusiveMinimum === undefined) copy.minimum = -limit;
  }
  return copy;
}

type CheckedValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * Compiles a route's schema for one part of the request (body, query, params,
 * headers). Before the schema is asked, every string in the part is checked
 * for what text may never hold (a NUL, a lone surrogate, control characters):
 * one rule for every field of every route, reported like any schema error.
 */
export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? jsonAjv : textAjv;
  const validate = ajv.compile(withNumberBounds(schema) as object);
  const checked: CheckedValidator = (data) => {
    const undecodable = (data as ParsedQuery | null)?.[UNDECODABLE_KEYS]?.[0];
    const unsafe =
      undecodable !== undefined
        ? { pointer: `/${undecodable}`, reason: 'holds a %-escape that does not decode to UTF-8 text', reason_zh: '含有无法解码为 UTF-8 文本的 % 转义' }
        : findUnsafeText(data);
    if (unsafe) {
      checked.errors = [{ keyword: 'text', instancePath: unsafe.pointer, schemaPath: '#/text', params: { reason_zh: unsafe.reason_zh }, message: unsafe.reason }];
      return false;
    }
    const ok = validate(data) as boolean;
    checked.errors = validate.errors ?? null;
    return ok;
  };
  return checked;
};
