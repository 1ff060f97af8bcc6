import { ApiError } from '../../api/http.js';

/** A message in both languages: the importer shows refusals in Chinese with the English beneath. */
export interface BothLanguages {
  zh: string;
  en: string;
}

/**
 * An error as both languages say it: the server's own words when it gave
 * them (a 400's reasons per field, which carry the Chinese), else the one
 * message there is.
 */
export function errorInBothLanguages(error: unknown): BothLanguages {
  if (error instanceof ApiError && error.fieldErrors.length > 0) {
    return { zh: error.fieldErrors.map((e) => e.reason_zh).join(';'), en: error.fieldErrors.map((e) => e.reason).join('; ') };
  }
  if (error instanceof ApiError) return { zh: error.body.message_zh ?? error.message, en: error.message };
  if (isServerMessage(error)) return { zh: error.message_zh, en: error.message };
  const text = error instanceof Error ? error.message : String(error);
  return { zh: text, en: text };
}

/** An import's own `error` (analysing or committing failed), as the state reports it. */
function isServerMessage(value: unknown): value is { message: string; message_zh: string } {
  return typeof value === 'object' && value !== null && typeof (value as { message_zh?: unknown }).message_zh === 'string';
}
