import { Type, type TSchema } from 'typebox';

/** A value that may be cleared: the schema, or JSON null. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** A calendar date, YYYY-MM-DD; impossible dates such as 2024-02-30 are refused. */
export const IsoDateSchema = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

/** A string with at least one visible character. */
export function NonBlankString(maxLength: number) {
  return Type.String({ minLength: 1, maxLength, pattern: '\\S' });
}

/**
 * A positive id or counter stored as a PostgreSQL integer: larger numbers are
 * refused as a 400 naming the field, instead of reaching the database and
 * failing there as "out of range".
 */
export function PositiveInt4(options: { description?: string } = {}) {
  return Type.Integer({ minimum: 1, maximum: 2_147_483_647, ...options });
}
