import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

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

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? jsonAjv : textAjv;
  return ajv.compile(schema as object);
};
