import { describe, expect, it } from 'vitest';
import { decodeLedgerText } from './decodeText.js';
import { fieldOfHeader, findHeaderRow, guessMapping, toHalfWidth } from '../domain/ledgerFields.js';
import { readCount, readDate, readKind, readPosition, readStatus } from './ledgerValues.js';

const gbk = (text: string) => {
  // Node has no GBK encoder; these are the GBK bytes of the test strings.
  const table: Record<string, number[]> = { 路灯: [0xc2, 0xb7, 0xb5, 0xc6], 序号: [0xd0, 0xf2, 0xba, 0xc5] };
  return Buffer.concat(text.split(/(路灯|序号)/).map((part) => Buffer.from(table[part] ?? [...Buffer.from(part, 'latin1')])));
};

describe('ledger headers', () => {
  it.each([
    ['项目名称', 'title'],
    [' 项目 名称 ', 'title'],
    ['项目名称(必填)', 'title'],
    ['类别', 'kind'],
    ['所属区县', 'district'],
    ['经度', 'lon'],
    ['Longitude', 'lon'],
    ['完成时限', 'deadline'],
    ['受益户数(户)', 'households'],
    ['联系电话', 'reporter_phone'],
    ['序号', 'ledger_key'],
    ['几何(GeoJSON)', 'geometry'],
    ['项目属性(JSON)', 'attributes'],
    ['Ｔｉｔｌｅ', 'title'],
    ['合计', null],
  ])('%s → %s', (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });

  it('maps each field to its first column and leaves repeats for the user', () => {
    expect(guessMapping(['序号', '项目名称', '地址', '位置', '备注'])).toEqual(['ledger_key', 'title', 'address', null, 'internal_note']);
  });

  it('finds the header under a merged title row and a blank row', () => {
    const rows = [['2024年石鼓区民生实事台账'], [], ['序号', '项目名称', '类型', '地址'], [1, '桑园路路灯', '路灯', '桑园路']];
    expect(findHeaderRow(rows)).toBe(2);
    expect(findHeaderRow([['a', 'b'], [1, 2]])).toBeNull();
  });

  it('turns full-width characters half-width', () => {
    expect(toHalfWidth('１２３，ＡＢ　c')).toBe('123,AB c');
  });
});

describe('ledger values', () => {
  it.each([
    ['路灯', 'streetlight'],
    ['下水道', 'drainage'],
    ['老旧小区', 'compound'],
    ['充电桩', 'charging'],
    ['桑园路路灯维修', 'streetlight'],
    ['charging', 'charging'],
  ])('kind %s → %s', (cell, kind) => {
    expect(readKind(cell)).toEqual({ ok: true, value: kind });
  });

  it('names what it cannot read as a kind', () => {
    expect(readKind('健身器材')).toMatchObject({ ok: false, zh: expect.stringContaining('健身器材') });
  });

  it.each([
    ['已完成', 'completed'],
    ['整改中', 'in_progress'],
    ['已交办', 'assigned'],
    ['已销号', 'verified'],
    ['已撤销', 'cancelled'],
    ['', 'reported'],
    [' 已 完成 ', 'completed'],
  ])('status %s → %s', (cell, status) => {
    expect(readStatus(cell)).toEqual({ ok: true, value: status });
  });

  it.each([
    [45296, '2024-01-05'],
    ['45296', '2024-01-05'],
    ['2024/1/5', '2024-01-05'],
    ['2024年1月5日', '2024-01-05'],
    ['２０２４年１月５日', '2024-01-05'],
    ['2024.01.05', '2024-01-05'],
    ['2024-01-05 00:00:00', '2024-01-05'],
    [new Date('2024-01-05T00:00:00Z'), '2024-01-05'],
    [null, null],
  ])('date %s → %s', (cell, date) => {
    expect(readDate(cell)).toEqual({ ok: true, value: date });
  });

  it('refuses impossible and unreadable dates', () => {
    expect(readDate('2024年2月30日').ok).toBe(false);
    expect(readDate('下周一').ok).toBe(false);
  });

  it('reads households with 户 and full-width digits, refusing fractions', () => {
    expect(readCount('１２００户')).toEqual({ ok: true, value: 1200 });
    expect(readCount(3.5).ok).toBe(false);
  });

  it('refuses positions outside China and says when they look swapped', () => {
    expect(readPosition(112.61, 26.9, 'wgs84')).toEqual({ ok: true, value: [112.61, 26.9] });
    expect(readPosition(26.9, 112.61, 'wgs84')).toMatchObject({ ok: false, en: expect.stringContaining('swapped') });
    expect(readPosition(-0.12, 51.5, 'wgs84').ok).toBe(false);
    expect(readPosition(112.61, null, 'wgs84').ok).toBe(false);
    expect(readPosition(null, '', 'wgs84')).toEqual({ ok: true, value: null });
  });

  it('converts GCJ-02 to WGS-84 by about the known offset (a few hundred metres in Hunan)', () => {
    const read = readPosition(112.6105, 26.9005, 'gcj02');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const [lon, lat] = read.value!;
    expect(112.6105 - lon).toBeGreaterThan(0.003);
    expect(112.6105 - lon).toBeLessThan(0.008);
    expect(26.9005 - lat).toBeGreaterThan(-0.006);
    expect(26.9005 - lat).toBeLessThan(0);
  });
});

describe('ledger text encodings', () => {
  it('reads UTF-8 with and without a BOM, and GBK', () => {
    expect(decodeLedgerText(Buffer.from('\uFEFF序号,路灯\n', 'utf8'))).toMatchObject({ ok: true, text: '序号,路灯\n', encoding: 'utf-8' });
    expect(decodeLedgerText(Buffer.from('序号,路灯\n', 'utf8'))).toMatchObject({ ok: true, encoding: 'utf-8' });
    expect(decodeLedgerText(gbk('序号,路灯\n'))).toMatchObject({ ok: true, text: '序号,路灯\n', encoding: 'gb18030' });
  });

  it('refuses a file whose lines mix UTF-8 and GBK, naming the lines', () => {
    const mixed = Buffer.concat([Buffer.from('序号,名称\n', 'utf8'), gbk('1,路灯\n')]);
    expect(decodeLedgerText(mixed)).toMatchObject({ ok: false, en: expect.stringMatching(/line 1 is UTF-8 but line 2/) });
  });
});
