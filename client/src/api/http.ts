import type { FieldError } from '../../../server/src/domain/errors.js';
import type { ErrorBody } from '../../../server/src/domain/errorBody.js';

/** An error answer of the API, with the fields it names (400) or the version now stored (409). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ErrorBody>,
    /** Seconds to wait before asking again (429), from the Retry-After header. */
    readonly retryAfter?: number,
  ) {
    super(body.message ?? `HTTP ${status}`);
  }

  get fieldErrors(): FieldError[] {
    return this.body.errors ?? [];
  }

  get isConflict(): boolean {
    return this.status === 409;
  }
}

/** The session's CSRF token (from /api/me or the login), sent with every write; the session module keeps it. */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const write = !READS.has((init.method ?? 'GET').toUpperCase());
  const response = await fetch(url, {
    ...init,
    headers: {
      accept: 'application/json',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(write && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
      ...init.headers,
    },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(response.status, body, retryAfter > 0 ? retryAfter : undefined);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
