import type { FieldError } from './errorBody.js';

export type { FieldError };

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

/**
 * A refusal that is not about one field: not logged in, not allowed, a step the
 * loop does not have, too many attempts. `code` is stable for clients; the
 * message says why in English and Chinese.
 */
export class RequestRefusedError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503,
    readonly code: string,
    message: string,
    readonly message_zh: string,
    readonly details: Record<string, unknown> = {},
    /** Seconds, for 429 and 503: sent as Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export const notLoggedIn = () =>
  new RequestRefusedError(401, 'UNAUTHENTICATED', 'log in first: this needs a user account', '请先登录');

export const notAllowed = (what: string, zh: string) =>
  new RequestRefusedError(403, 'FORBIDDEN', `your role may not ${what}`, `您的角色无权${zh}`);
