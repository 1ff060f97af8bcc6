import { describe, expect, it } from 'vitest';
import { findListHeaderRow, guessListMapping, readHouseholds, readRole, readYear, splitShortNames } from './listFields.js';

describe('list headers', () => {
  it('finds the header below a merged title row and a blank one', () => {
    const rows = [['清溪区民生项目责任单位名录'], [], ['序号', '所属区县', '单位全称', '简称'], [1, '清溪区', '清溪区水利局', null]];
    expect(findListHeaderRow('units', rows)).toBe(2);
    expect(guessListMapping('units', rows[2] as string[])).toEqual([null, 'district', 'name', 'short_names']);
  });

  it('finds no header in a sheet naming fewer than two fields', () => {
    expect(findListHeaderRow('staff', [['人员名单'], ['甲', '乙']])).toBeNull();
  });

  it('gives a field to the first column naming it only', () => {
    expect(guessListMapping('staff', ['姓名', '账号', '角色', '单位', '责任单位'])).toEqual(['display_name', 'username', 'role', 'unit', null]);
  });

  it('reads full-width and bracketed headers', () => {
    expect(guessListMapping('compounds', ['小区名称', '户数（户）', '经度(WGS84)', '纬度(WGS84)'])).toEqual(['name', 'households', 'lon', 'lat']);
  });
});

describe('list values', () => {
  it('splits short names on 、 , ; / in either width, each once', () => {
    expect(splitShortNames('区城管局、城管局')).toEqual(['区城管局', '城管局']);
    expect(splitShortNames('供电公司，区供电公司；供电公司')).toEqual(['供电公司', '区供电公司']);
    expect(splitShortNames('水务公司/区水务 ')).toEqual(['水务公司', '区水务']);
    expect(splitShortNames(null)).toEqual([]);
  });

  it('reads roles in Chinese and English, and refuses others in both languages', () => {
    expect(readRole('管理员')).toEqual({ ok: true, value: 'admin' });
    expect(readRole(' Planner ')).toEqual({ ok: true, value: 'planner' });
    expect(readRole('责任单位')).toEqual({ ok: true, value: 'unit' });
    expect(readRole('领导')).toEqual({ ok: true, value: 'leader' });
    expect(readRole('科员')).toMatchObject({ ok: false, zh: expect.stringContaining('科员') });
  });

  it('reads years as clerks write them', () => {
    expect(readYear(1998)).toEqual({ ok: true, value: 1998 });
    expect(readYear('1998年')).toEqual({ ok: true, value: 1998 });
    expect(readYear('2003年10月')).toEqual({ ok: true, value: 2003 });
    expect(readYear('２００３')).toEqual({ ok: true, value: 2003 });
    expect(readYear('2003-10-01')).toEqual({ ok: true, value: 2003 });
    expect(readYear(null)).toEqual({ ok: true, value: null });
    expect(readYear('九八年')).toMatchObject({ ok: false });
    expect(readYear(1850)).toMatchObject({ ok: false });
  });

  it('reads households with 户 and thousands separators', () => {
    expect(readHouseholds('320户')).toEqual({ ok: true, value: 320 });
    expect(readHouseholds('1,200')).toEqual({ ok: true, value: 1200 });
    expect(readHouseholds(12.5)).toMatchObject({ ok: false });
  });
});
