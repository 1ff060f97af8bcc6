import { describe, expect, it } from 'vitest';
import { dbfEncoding, encodingOfCpg } from './dbfEncoding.js';

const dbfWith = (driver: number, text: Uint8Array) => {
  const header = new Uint8Array(32);
  header[29] = driver;
  return new Uint8Array([...header, ...text]);
};
// 街道 in GBK and in UTF-8.
const GBK = new Uint8Array([0xbd, 0xd6, 0xb5, 0xc0]);
const UTF8 = new TextEncoder().encode('街道');

describe('the text encoding of a DBF', () => {
  it('follows the .cpg as ArcGIS and QGIS write it', () => {
    for (const cpg of ['GBK', '936', 'ANSI 936', 'gb2312', 'CP936\r\n']) expect(encodingOfCpg(cpg)).toBe('gb18030');
    for (const cpg of ['UTF-8', '65001', 'utf8']) expect(encodingOfCpg(cpg)).toBe('utf-8');
    expect(dbfEncoding(dbfWith(0, UTF8), 'GBK')).toEqual({ encoding: 'gb18030', source: 'cpg' });
  });

  it('reads the language driver byte when there is no .cpg', () => {
    expect(dbfEncoding(dbfWith(0x4d, UTF8), undefined)).toEqual({ encoding: 'gb18030', source: 'dbf-header' });
  });

  it('tells GBK from UTF-8 by the bytes when nothing says', () => {
    expect(dbfEncoding(dbfWith(0, GBK), undefined)).toEqual({ encoding: 'gb18030', source: 'detected' });
    expect(dbfEncoding(dbfWith(0, UTF8), 'unknown')).toEqual({ encoding: 'utf-8', source: 'detected' });
  });
});
