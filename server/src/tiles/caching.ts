import { createHash } from 'node:crypto';

/**
 * A strong ETag for a tile: its bytes' SHA-256, cut to 128 bits (plenty to
 * tell tiles apart, shorter on every request). Computed from the bytes rather
 * than from the data's last change, so it holds for any filter.
 */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
}

/**
 * Whether an If-None-Match header names this ETag, so 304 Not Modified may
 * answer. The comparison is weak, as RFC 9110 asks for If-None-Match: a
 * proxy that compressed the tile may have sent the tag on as W/"…".
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === etag);
}
