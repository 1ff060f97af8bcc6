import { Type, type Static } from 'typebox';

/**
 * One problem with one field of a request. `field` is a JSON pointer into the
 * part of the request named by `in`, e.g. in 'body', field '/properties/title'.
 */
export const FieldError = Type.Object({
  in: Type.Union([Type.Literal('body'), Type.Literal('querystring'), Type.Literal('params')]),
  field: Type.String({ description: 'a JSON pointer into the part of the request named by `in`' }),
  reason: Type.String(),
  reason_zh: Type.String(),
});
export type FieldError = Static<typeof FieldError>;

/**
 * The body of every error answer of the API (Open311 keeps its own format).
 * Some refusals add details of their own (a ledger refused for its size names
 * the bound and the limit), so other fields are allowed and kept: the response
 * serializer drops whatever a schema does not let through.
 */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String({ description: 'the HTTP status in words' }),
    code: Type.String({ description: 'stable for clients, e.g. INVALID_INPUT, NOT_FOUND, VERSION_CONFLICT, RATE_LIMITED' }),
    message: Type.String(),
    message_zh: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldError, { description: 'with 400 INVALID_INPUT: one entry per field' })),
    currentVersion: Type.Optional(Type.Integer({ description: 'with 409 VERSION_CONFLICT: the version to reload' })),
    requestId: Type.Optional(Type.String({ description: 'with 500: the id to quote when reporting it' })),
  },
  { additionalProperties: true, description: 'An error; the message says why in English, message_zh in Chinese' },
);
export type ErrorBody = Static<typeof ErrorBody>;
