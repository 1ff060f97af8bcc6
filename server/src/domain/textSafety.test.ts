import { describe, expect, it } from 'vitest';
import { findUnsafeText, unsafeTextReason } from './textSafety.js';

describe('text a user may send', () => {
  it('allows ordinary text, Chinese, emoji, tabs and line breaks', () => {
    for (const text of ['解放路12号', '路灯🚧', 'line\nbreak\r\n', 'tab\there', '', 'e\u0301']) expect(unsafeTextReason(text)).toBeUndefined();
  });

  it('refuses a NUL, other control characters and lone surrogates, saying which', () => {
    expect(unsafeTextReason('a\u0000b')!.reason).toMatch(/NUL/);
    expect(unsafeTextReason('\u001b[31m')!.reason).toMatch(/U\+001B/);
    expect(unsafeTextReason('\u007f')!.reason_zh).toMatch(/U\+007F/);
    expect(unsafeTextReason('\ud800')!.reason).toMatch(/surrogate/);
    expect(unsafeTextReason('x\udfff')!.reason).toMatch(/surrogate/);
  });

  it('names the field by JSON pointer, keys included', () => {
    expect(findUnsafeText({ properties: { title: 'ok', attributes: { note: 'a\u0000' } } })!.pointer).toBe('/properties/attributes/note');
    expect(findUnsafeText({ list: ['ok', 'ok', '\u0001'] })!.pointer).toBe('/list/2');
    expect(findUnsafeText({ 'a/b\u0000': 1 })!.pointer).toBe('/a~1b\u0000');
    expect(findUnsafeText({ bytes: Buffer.from([0]) })).toBeUndefined();
  });
});
