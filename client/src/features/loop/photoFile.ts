import { MAX_PHOTO_BYTES, PHOTO_TYPES } from '../../../../server/src/domain/photo.js';
import type { Problem } from '../editing/validate.js';

const MB = 1024 * 1024;

/** The file input's `accept`: what the server takes. */
export const PHOTO_ACCEPT = PHOTO_TYPES.join(',');

/**
 * Why the server would refuse this file, before sending 5 MB to find out. The
 * server still checks the bytes themselves; this only reads the browser's type.
 */
export function photoFileProblem(file: { type: string; size: number }, field: string): Problem | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return { field, rule: 'photoType' };
  if (file.size > MAX_PHOTO_BYTES) {
    return { field, rule: 'photoSize', params: { limit: MAX_PHOTO_BYTES / MB, size: (file.size / MB).toFixed(1) } };
  }
  return null;
}

/** The server's refusal of an upload as a problem beside the file input, or null when it is not about the file. */
export function refusedPhotoProblem(status: number, file: { size: number }, field: string): Problem | null {
  if (status === 413) return { field, rule: 'photoSize', params: { limit: MAX_PHOTO_BYTES / MB, size: (file.size / MB).toFixed(1) } };
  if (status === 415) return { field, rule: 'photoType' };
  return null;
}
