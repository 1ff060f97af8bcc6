import { ErrorBody } from '../domain/errorBody.js';

/** The statuses the API answers with its error body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503;

/**
 * The error answers of a route, for its `response` schema: each with the one
 * error body, so the OpenAPI document describes them and the serializer keeps
 * their fields. 400 (input that does not validate), 429 (the public rate limit
 * counts every machine-readable address) and 503 (every request may wait for a
 * database connection, the session lookup included) can follow any request;
 * a route names the others it can answer.
 */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): Record<400 | 429 | 503 | S, typeof ErrorBody> {
  const all = [400, 429, 503, ...statuses] as (400 | 429 | 503 | S)[];
  return Object.fromEntries(all.map((status) => [status, ErrorBody])) as Record<400 | 429 | 503 | S, typeof ErrorBody>;
}

/** A route that needs a logged-in user with a capability: 401 without login, 403 without the role (or the CSRF token of a write). */
export const STAFF = [401, 403] as const;
/** A route with a body: 413 beyond the size bound, 415 for a type it does not read. */
export const WITH_BODY = [413, 415] as const;
