/**
 * The text of a CSV ledger, whose bytes may be UTF-8 (with or without a BOM),
 * UTF-16 (Excel's "Unicode text") or GBK/GB18030 (what Excel on a Chinese
 * Windows saves). A file whose lines disagree — some UTF-8, some GBK, as when
 * two ledgers were pasted together — is refused rather than half garbled.
 */
export type Decoded = { ok: true; text: string; encoding: 'utf-8' | 'utf-16le' | 'gb18030' } | { ok: false; en: string; zh: string; line: number };

const isAscii = (bytes: Uint8Array) => bytes.every((b) => b < 0x80);

function validUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      lines.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  lines.push(bytes.subarray(start));
  return lines;
}

export function decodeLedgerText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (validUtf8(bytes)) return { ok: true, text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };

  // Not UTF-8 as a whole: GBK, unless some lines are UTF-8 Chinese and others are not.
  const lines = splitLines(bytes).filter((l) => !isAscii(l));
  const utf8Lines = lines.filter(validUtf8).length;
  if (utf8Lines > 0 && utf8Lines < lines.length) {
    const all = splitLines(bytes);
    const firstUtf8 = all.findIndex((l) => !isAscii(l) && validUtf8(l));
    const firstOther = all.findIndex((l) => !isAscii(l) && !validUtf8(l));
    return {
      ok: false,
      line: Math.max(firstUtf8, firstOther) + 1,
      en: `the file mixes encodings: line ${firstUtf8 + 1} is UTF-8 but line ${firstOther + 1} is not; save the whole ledger as UTF-8 (or GBK) and import again`,
      zh: `文件混用了多种编码:第 ${firstUtf8 + 1} 行为 UTF-8,第 ${firstOther + 1} 行不是;请将整个台账另存为 UTF-8(或 GBK)后重新导入`,
    };
  }
  try {
    return { ok: true, text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gb18030' };
  } catch {
    return { ok: false, line: 1, en: 'the file is neither UTF-8 nor GBK text', zh: '文件既不是 UTF-8 也不是 GBK 编码的文本' };
  }
}
