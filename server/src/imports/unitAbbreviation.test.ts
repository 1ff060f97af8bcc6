import { describe, expect, it } from 'vitest';
import { fullCore, isInOrderAbbreviation, matchAbbreviation, shortCore, type UnitCandidate } from './unitAbbreviation.js';

const DISTRICT = '清溪区';
/** The units of a made-up district, named as a units list names them. */
const QINGXI: UnitCandidate[] = [
  '清溪区城市管理和综合执法局',
  '清溪区住房和城乡建设局',
  '清溪区发展和改革局',
  '清溪区交通运输局',
  '清溪区水利局',
  '清溪区民政局',
  '清溪区财政局',
  '清溪区自然资源局',
  '清溪区生态环境分局',
  '清溪区卫生健康局',
  '清溪区教育局',
  '清溪区文化旅游广电体育局',
  '国网湖南省电力有限公司清溪区供电分公司',
  '清溪区城关街道办事处',
  '清溪区河西街道办事处',
  '清溪区人力资源和社会保障局',
  '清溪区市场监督管理局',
].map((name, i) => ({ id: i + 1, name }));

const matched = (short: string, units = QINGXI) => {
  const m = matchAbbreviation(short, units, DISTRICT);
  return m && 'unit' in m ? m.unit.name : m;
};

describe('the short forms clerks write', () => {
  it.each([
    ['区城管局', '清溪区城市管理和综合执法局'],
    ['城管局', '清溪区城市管理和综合执法局'],
    ['清溪区城管局', '清溪区城市管理和综合执法局'],
    ['清溪城管局', '清溪区城市管理和综合执法局'],
    ['区住建局', '清溪区住房和城乡建设局'],
    ['住建局', '清溪区住房和城乡建设局'],
    ['县发改局', '清溪区发展和改革局'],
    ['区交通局', '清溪区交通运输局'],
    ['区水利局', '清溪区水利局'],
    ['民政局', '清溪区民政局'],
    ['区财政局', '清溪区财政局'],
    ['自然资源局', '清溪区自然资源局'],
    ['区生态环境局', '清溪区生态环境分局'],
    ['区卫健局', '清溪区卫生健康局'],
    ['教育局', '清溪区教育局'],
    ['区文旅局', '清溪区文化旅游广电体育局'],
    ['供电公司', '国网湖南省电力有限公司清溪区供电分公司'],
    ['区供电局', '国网湖南省电力有限公司清溪区供电分公司'],
    ['城关街道', '清溪区城关街道办事处'],
    ['河西街道办', '清溪区河西街道办事处'],
    ['区人社局', '清溪区人力资源和社会保障局'],
    ['市监局', '清溪区市场监督管理局'],
  ])('%s → %s', (short, full) => {
    expect(matched(short)).toBe(full);
  });

  it('suggests nothing for a unit the district does not have', () => {
    expect(matched('区消防大队')).toBeNull();
    expect(matched('区公安分局')).toBeNull();
    expect(matched('局')).toBeNull();
  });

  it('suggests nothing when the short form fits two units', () => {
    const two = [...QINGXI, { id: 99, name: '清溪区城市管理局' }];
    expect(matchAbbreviation('区城管局', two, DISTRICT)).toEqual({ ambiguous: [QINGXI[0], two[two.length - 1]] });
    const builders = [{ id: 1, name: '清溪区城市建设局' }, { id: 2, name: '清溪区城乡建设局' }];
    expect(matchAbbreviation('城建局', builders, DISTRICT)).toEqual({ ambiguous: builders });
    // A standard short form decides before the general rule: 交通局 is 交通运输局, not 交通建设局.
    expect(matched('交通局', [{ id: 1, name: '清溪区交通运输局' }, { id: 2, name: '清溪区交通建设局' }])).toBe('清溪区交通运输局');
  });

  it('does not take one body for another that shares characters', () => {
    // 城关街道 starts like 城管局 but has no 管; 民族宗教事务局 has no 政.
    expect(matched('城管局', [{ id: 1, name: '清溪区城关街道办事处' }])).toBeNull();
    expect(matched('民政局', [{ id: 1, name: '清溪区民族宗教事务局' }])).toBeNull();
    expect(matched('水利局', [{ id: 1, name: '清溪区水务局' }])).toBe('清溪区水务局');
    expect(matched('住建局', [{ id: 1, name: '清溪区住房保障服务中心' }])).toBeNull();
  });
});

describe('the parts compared', () => {
  it('drops the district or a leading 区/县/市 from the short form', () => {
    expect(shortCore('区城管局', DISTRICT)).toBe('城管局');
    expect(shortCore('清溪区住建局', DISTRICT)).toBe('住建局');
    expect(shortCore('县发改局', null)).toBe('发改局');
    expect(shortCore('区委', null)).toBe('区委');
  });

  it('keeps the full name after the district', () => {
    expect(fullCore('国网湖南省电力有限公司清溪区供电分公司', DISTRICT)).toBe('供电分公司');
    expect(fullCore('清溪区水利局', DISTRICT)).toBe('水利局');
    expect(fullCore('湖南省水利厅', DISTRICT)).toBe('湖南省水利厅');
  });

  it('needs the first and last characters and the order', () => {
    expect(isInOrderAbbreviation('住建局', '住房和城乡建设局')).toBe(true);
    expect(isInOrderAbbreviation('建住局', '住房和城乡建设局')).toBe(false);
    expect(isInOrderAbbreviation('房建局', '住房和城乡建设局')).toBe(false);
    expect(isInOrderAbbreviation('住建委', '住房和城乡建设局')).toBe(false);
  });
});
