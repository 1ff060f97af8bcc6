import { describe, expect, it } from 'vitest';
import { Directory, resolveStreet, resolveUnit, ValueReview, type DirectoryUnit } from './ledgerReconcile.js';

const QINGXI = 1;
const SHIGU = 2;
const unit = (id: number, name: string, district_id: number | null, short_names: string[] = []): DirectoryUnit => ({ id, name, district_id, short_names });
const directory = (units: DirectoryUnit[], ledgerName = '清溪区2026年三季度民生实事台账') =>
  new Directory(
    units,
    [
      { id: QINGXI, name: '清溪区', parent_id: null },
      { id: SHIGU, name: '石鼓区', parent_id: null },
    ],
    [
      { id: 11, name: '城关街道', parent_id: QINGXI },
      { id: 12, name: '新港镇', parent_id: QINGXI },
      { id: 21, name: '人民路街道', parent_id: SHIGU },
    ],
    ledgerName,
  );
const CITY_QINGXI = unit(101, '清溪区城市管理和综合执法局', QINGXI);
const CITY_SHIGU = unit(201, '石鼓区城市管理和综合执法局', SHIGU, ['区城管局']);

describe('the unit a value names, for a row of a district', () => {
  const units = directory([CITY_QINGXI, CITY_SHIGU, unit(102, '清溪区住房和城乡建设局', QINGXI)]);

  it('takes the planner’s choice before anything else', () => {
    expect(resolveUnit('区城管局', QINGXI, units, { unit: { 区城管局: 102 } })).toMatchObject({ target: 102, source: 'choice' });
  });

  it('ignores a choice of a unit that no longer exists', () => {
    expect(resolveUnit('区城管局', QINGXI, units, { unit: { 区城管局: 999 } })).toMatchObject({ target: 101, source: 'abbreviation' });
  });

  it('reads a short name only for the district that has it: another district’s 区城管局 is its own', () => {
    expect(resolveUnit('区城管局', SHIGU, units, {})).toMatchObject({ target: 201, source: 'short_name' });
    expect(resolveUnit('区城管局', QINGXI, units, {})).toMatchObject({ target: 101, source: 'abbreviation' });
  });

  it('matches a full name exactly, spaces and full-width forms aside', () => {
    expect(resolveUnit(' 清溪区住房和城乡建设局 ', QINGXI, units, {})).toMatchObject({ target: 102, source: 'exact' });
  });

  it('does not guess across districts when the row’s district is unknown', () => {
    const both = directory([CITY_QINGXI, unit(202, '石鼓区城市管理和综合执法局', SHIGU)], '三季度台账');
    expect(resolveUnit('城管局', null, both, {})).toMatchObject({ target: null, source: null });
  });
});

describe('the street a value names', () => {
  const areas = directory([]);
  it('is the street of that name, or the one street it is the start of', () => {
    expect(resolveStreet('城关街道', QINGXI, areas, {})).toMatchObject({ target: 11, source: 'exact' });
    expect(resolveStreet('城关', QINGXI, areas, {})).toMatchObject({ target: 11, source: 'similar' });
    expect(resolveStreet('新港', null, areas, {})).toMatchObject({ target: 12, source: 'similar' });
    expect(resolveStreet('城关街道办事处', QINGXI, areas, {})).toMatchObject({ target: 11, source: 'similar' });
    expect(resolveStreet('城', QINGXI, areas, {})).toMatchObject({ target: null });
    expect(resolveStreet('人民路街道', QINGXI, areas, {})).toMatchObject({ target: null });
  });

  it('knows the district a ledger’s name gives, when it names one', () => {
    expect(areas.ledgerDistrictId).toBe(QINGXI);
    expect(directory([], '2026年台账').ledgerDistrictId).toBeNull();
  });
});

describe('the list of values for the planner', () => {
  it('counts rows per value, leaves exact matches out, and suggests nothing when rows disagree', () => {
    const review = new ValueReview();
    const city = { id: 101, name: '清溪区城市管理和综合执法局' };
    review.note('unit', '区城管局', { source: 'abbreviation', target: city, district: null });
    review.note('unit', '区 城管局', { source: 'abbreviation', target: city, district: null });
    review.note('unit', '清溪区城市管理和综合执法局', { source: 'exact', target: city, district: null });
    review.note('unit', '城管局', { source: 'abbreviation', target: city, district: null });
    review.note('unit', '城管局', { source: 'abbreviation', target: { id: 201, name: '石鼓区城市管理和综合执法局' }, district: null });
    const { values, total } = review.list();
    expect(total).toBe(2);
    expect(values).toEqual([
      { field: 'unit', value: '区城管局', rows: 2, suggestion: { ...city, source: 'abbreviation' }, choice: null, district: null },
      { field: 'unit', value: '城管局', rows: 2, suggestion: null, choice: null, district: null },
    ]);
  });
});
