/**
 * One problem with one field of a request. `field` is a JSON pointer into the
 * part of the request named by `in`, e.g. in 'body', field '/properties/title'.
 */
export interface FieldError {
  in: 'body' | 'querystring' | 'params';
  field: string;
  reason: string;
  reason_zh: string;
}

export function bodyError(field: string, reason: string, reason_zh: string): FieldError {
  return { in: 'body', field, reason, reason_zh };
}

/** A request that cannot be carried out as sent; nothing was changed. */
export class InvalidInputError extends Error {
  readonly statusCode = 400;
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.in}${e.field}: ${e.reason}`).join('; '));
  }
}

export class NotFoundError extends Error {
  readonly statusCode = 404;
}

/** The record changed since the client read it (optimistic concurrency). */
export class VersionConflictError extends Error {
  readonly statusCode = 409;
  constructor(readonly currentVersion: number) {
    super(`the project was changed by someone else (now at version ${currentVersion}); reload it and apply your edit again`);
  }
}
