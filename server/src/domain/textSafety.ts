/**
 * What no text a user sends may hold, whatever the field: PostgreSQL cannot
 * store a NUL in text (it fails the statement), a lone UTF-16 surrogate is
 * turned into U+FFFD on its way to the database (so what was sent is silently
 * not what is stored), and the other C0 control characters are never typed by
 * a person: they come from binary files pasted as text or from an attacker.
 * Tab, line feed and carriage return are ordinary text.
 */
export interface UnsafeText {
  /** JSON pointer of the offending string within the checked value. */
  pointer: string;
  reason: string;
  reason_zh: string;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

// With the u flag a surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Why a string may not be stored, or undefined when it may. */
export function unsafeTextReason(text: string): Omit<UnsafeText, 'pointer'> | undefined {
  if (LONE_SURROGATE.test(text)) {
    return { reason: 'is not valid Unicode text (a lone surrogate)', reason_zh: '含有无效的 Unicode 字符(孤立代理项)' };
  }
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0);
    const name = code === 0 ? 'a NUL character' : `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    return { reason: `contains ${name}, which text may not hold`, reason_zh: `含有控制字符(U+${code.toString(16).toUpperCase().padStart(4, '0')}),文本中不允许出现` };
  }
  return undefined;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The first string (or object key) in a parsed request part that may not be
 * stored. Walks plain objects and arrays only: file bodies arrive as Buffers
 * and are read by their own parsers.
 */
export function findUnsafeText(value: unknown, pointer = ''): UnsafeText | undefined {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    return reason && { pointer, ...reason };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], `${pointer}/${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, child] of Object.entries(value)) {
      const keyReason = unsafeTextReason(key);
      if (keyReason) return { pointer: `${pointer}/${escapePointer(key)}`, ...keyReason };
      const found = findUnsafeText(child, `${pointer}/${escapePointer(key)}`);
      if (found) return found;
    }
  }
  return undefined;
}
