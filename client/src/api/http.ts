import type { FieldError } from '../../../server/src/domain/errors.js';
import type { ErrorBody } from '../../../server/src/plugins/errors.js';

/** An error answer of the API, with the fields it names (400) or the version now stored (409). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ErrorBody>,
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

export async function requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
    throw new ApiError(response.status, body);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
