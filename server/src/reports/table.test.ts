import { describe, expect, it } from 'vitest';
import { reportCsv } from './csv.js';
import { contentDisposition, neutralise } from './table.js';

describe('cells a spreadsheet could run', () => {
  it.each(['=1+1', '+86 138', '-5 度', '@SUM(A1)', '\tx', '\rx'])('%j becomes text', (value) => {
    expect(neutralise(value)).toBe(`'${value}`);
  });

  it.each(['桑园路', '1+1', 'a=b', "'quoted", ''])('%j is left alone', (value) => {
    expect(neutralise(value)).toBe(value);
  });
});

describe('the CSV', () => {
  it('starts with a BOM, ends lines with CRLF and quotes what needs quoting', () => {
    const csv = reportCsv({
      title: '标题',
      fileName: 'x',
      tables: [{ name: '表', columns: [{ header: '名称', type: 'text' }, { header: '数', type: 'integer' }], rows: [['a,"b"', 1], ['-1', -1], [null, 0]], footer: [] }],
    });
    expect(csv).toBe('\uFEFF标题\r\n\r\n表\r\n名称,数\r\n"a,""b""",1\r\n\'-1,-1\r\n,0\r\n');
  });
});

describe('the download name', () => {
  it('gives an ASCII fallback and the UTF-8 name, percent-encoded as RFC 5987 wants', () => {
    expect(contentDisposition('report.csv', "民生(周报)'s.csv")).toBe(
      `attachment; filename="report.csv"; filename*=UTF-8''%E6%B0%91%E7%94%9F%28%E5%91%A8%E6%8A%A5%29%27s.csv`,
    );
  });
});
