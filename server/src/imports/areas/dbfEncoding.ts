/**
 * The text encoding of a Shapefile's DBF. The .cpg says it when present
 * ("GBK", "936", "UTF-8", "65001"); else the DBF's language driver byte may
 * (0x4D is code page 936); else the bytes do: text that is not valid UTF-8 is
 * GBK, which is what ArcGIS and the civil-affairs bureaus' tools write on a
 * Chinese Windows. GB18030 decodes GBK and GB2312 alike.
 */
export type DbfEncoding = 'utf-8' | 'gb18030' | 'big5' | 'latin1';

export interface EncodingVerdict {
  encoding: DbfEncoding;
  /** Where the verdict came from, for the admin to see. */
  source: 'cpg' | 'dbf-header' | 'detected';
}

const CODE_PAGES: Record<string, DbfEncoding> = {
  '936': 'gb18030',
  'cp936': 'gb18030',
  'gbk': 'gb18030',
  'gb2312': 'gb18030',
  'gb18030': 'gb18030',
  'ansi936': 'gb18030',
  '65001': 'utf-8',
  'utf8': 'utf-8',
  'utf-8': 'utf-8',
  '950': 'big5',
  'big5': 'big5',
  '1252': 'latin1',
  'iso88591': 'latin1',
  'latin1': 'latin1',
};

/** The .cpg's words, or undefined when they name nothing we read (then the bytes decide). */
export function encodingOfCpg(cpg: string): DbfEncoding | undefined {
  const key = cpg.trim().toLowerCase().replace(/[\s_]/g, '').replace(/^iso-8859-1$/, 'iso88591');
  return CODE_PAGES[key] ?? CODE_PAGES[key.replace(/-/g, '')];
}

/** dBase language driver IDs for the Chinese code pages (ESRI writes 0x4D for 936). */
const LANGUAGE_DRIVERS: Record<number, DbfEncoding> = { 0x4d: 'gb18030', 0x7a: 'gb18030', 0x78: 'big5', 0x4f: 'big5' };

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function dbfEncoding(dbf: Uint8Array, cpg: string | undefined): EncodingVerdict {
  const named = cpg === undefined ? undefined : encodingOfCpg(cpg);
  if (named) return { encoding: named, source: 'cpg' };
  const driver = LANGUAGE_DRIVERS[dbf[29] ?? 0];
  if (driver) return { encoding: driver, source: 'dbf-header' };
  return { encoding: isValidUtf8(dbf.subarray(32)) ? 'utf-8' : 'gb18030', source: 'detected' };
}
