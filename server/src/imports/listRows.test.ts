import { describe, expect, it } from 'vitest';
import type { Cell } from './readLedgerFile.js';
import { planCompounds, planStaff, planUnits, tidyName, type AreaRef, type ListRowCells, type UnitRef, type UserRef } from './listRows.js';

const rowsOf = (fields: string[], data: Cell[][]): ListRowCells[] =>
  data.map((cells, i) => ({ rowNumber: i + 2, get: (f: string) => (fields.includes(f) ? (cells[fields.indexOf(f)] ?? null) : null) }));

const QINGXI: AreaRef = { id: 1, name: '清溪区', code: '439901', level: 'district', parent_id: null };
const CHENGGUAN: AreaRef = { id: 2, name: '城关街道', code: '439901001000', level: 'street', parent_id: 1 };
const CHENGGUAN_ELSEWHERE: AreaRef = { id: 9, name: '城关街道', code: '439902001000', level: 'street', parent_id: 8 };
const CHENGGUAN_BUREAU: UnitRef = { id: 10, name: '清溪区城市管理和综合执法局', name_en: null, district_id: 1, short_names: ['区城管局'] };

describe('tidyName', () => {
  it('drops the spaces clerks leave beside Chinese characters, keeps those between Latin words', () => {
    expect(tidyName(' 清溪区 河西街道办事处 ')).toBe('清溪区河西街道办事处');
    expect(tidyName('State Grid  Qingxi')).toBe('State Grid Qingxi');
  });
});

describe('planUnits', () => {
  const fields = ['district', 'name', 'short_names'];
  const world = { districts: [QINGXI], units: [CHENGGUAN_BUREAU] };

  it('creates, merges short names into an existing unit, and leaves a listed unit alone when nothing is new', () => {
    const plan = planUnits(
      rowsOf(fields, [
        ['清溪区', '清溪区水利局', null],
        ['439901', '清溪区城市管理和综合执法局', '区城管局、城管局'],
        ['清溪区', '清溪区城市管理和综合执法局', '区城管局'],
      ]),
      world,
    );
    expect(plan.rows.map((r) => r.outcome)).toEqual(['create', 'update', 'rejected']);
    expect(plan.rows[2]!.problems[0]!.zh).toBe('与第 3 行重复');
    expect(plan.writes).toEqual([
      { op: 'create', row: 2, name: '清溪区水利局', name_en: null, district_id: 1, short_names: [] },
      { op: 'update', row: 3, id: 10, name_en: null, short_names: ['区城管局', '城管局'] },
    ]);
  });

  it('refuses a short name another unit of the district goes by, even one an earlier row gave', () => {
    const plan = planUnits(
      rowsOf(fields, [
        ['清溪区', '清溪区住房和城乡建设局', '区住建局'],
        ['清溪区', '清溪区建设局', '区住建局'],
        ['清溪区', '清溪区城管大队', '区城管局'],
      ]),
      world,
    );
    expect(plan.counts).toEqual({ create: 1, update: 0, unchanged: 0, rejected: 2 });
    expect(plan.rows[1]!.problems[0]!.field).toBe('short_names');
    expect(plan.rows[2]!.problems[0]!.en).toContain('清溪区城市管理和综合执法局');
  });

  it('rejects an unknown district, a blank name, and says why in both languages', () => {
    const plan = planUnits(rowsOf(fields, [['湘东区', '湘东区城管局', null], ['清溪区', null, '某局']]), world);
    expect(plan.rows.map((r) => r.problems.map((p) => [p.field, p.zh]))).toEqual([[['district', '区县“湘东区”不存在']], [['name', '单位全称未填写']]]);
    expect(plan.writes).toEqual([]);
  });
});

describe('planStaff', () => {
  const fields = ['display_name', 'username', 'role', 'unit', 'area'];
  const existing: UserRef = { id: 5, username: 'qx-liu', display_name: '刘洋', role: 'unit', unit_id: 10, area_id: null };
  const world = { units: [CHENGGUAN_BUREAU], areas: [QINGXI, CHENGGUAN, CHENGGUAN_ELSEWHERE], users: [existing], actingUserId: 1 };

  it('finds a unit by its short name and an area by its code, and updates an account by its username key', () => {
    const plan = planStaff(
      rowsOf(fields, [
        ['赵敏', 'qx-zhao', '责任单位', '区城管局', '439901001000'],
        ['刘洋', 'QX-LIU', '责任单位', '清溪区城市管理和综合执法局', '439901001000'],
      ]),
      world,
    );
    expect(plan.writes).toEqual([
      { op: 'create', row: 2, username: 'qx-zhao', display_name: '赵敏', role: 'unit', unit_id: 10, area_id: 2 },
      { op: 'update', row: 3, id: 5, display_name: '刘洋', role: 'unit', unit_id: 10, area_id: 2, endsSessions: false },
    ]);
  });

  it('asks for a code when two areas share the name, and for a unit when the role needs one', () => {
    const plan = planStaff(rowsOf(fields, [['甲', 'qx-a', '规划员', null, '城关街道'], ['乙', 'qx-b', '责任单位', null, null], ['丙', 'q x', '领导', null, null]]), world);
    expect(plan.rows.map((r) => r.problems.map((p) => p.field))).toEqual([['area'], ['unit'], ['username']]);
    expect(plan.rows[0]!.problems[0]!.zh).toContain('请填写代码');
  });

  it('records a unit only for the unit role, saying so for others', () => {
    const plan = planStaff(rowsOf(fields, [['甲', 'qx-a', '规划员', '区城管局', null]]), world);
    expect(plan.writes[0]).toMatchObject({ role: 'planner', unit_id: null });
    expect(plan.rows[0]!.notes[0]!.field).toBe('unit');
  });
});

describe('planCompounds', () => {
  const fields = ['name', 'households', 'year_built', 'lon', 'lat'];
  const world = (compounds = [] as Parameters<typeof planCompounds>[1]['compounds']) => ({
    districts: [QINGXI],
    streets: [CHENGGUAN],
    compounds,
    places: new Map([[2, { district_id: 1, street_id: 2 }]]),
    crs: 'wgs84' as const,
  });

  it('creates a point compound and rejects one without a position', () => {
    const plan = planCompounds(rowsOf(fields, [['锦绣花园', '353户', '1994年', 113.04, 28.22], ['林场宿舍', 80, 1990, null, null]]), world());
    expect(plan.rows.map((r) => r.outcome)).toEqual(['create', 'rejected']);
    expect(plan.writes).toEqual([{ op: 'create', row: 2, name: '锦绣花园', households: 353, year_built: 1994, address: null, lon: 113.04, lat: 28.22 }]);
    expect(plan.rows[1]!.problems[0]!.zh).toContain('坐标未填写');
  });

  it('updates by name within the district, keeping an outline the compound already has', () => {
    const outlined = { id: 7, name: '锦绣花园', district_id: 1, households: 300, year_built: 1994, address: null, point: null };
    const plan = planCompounds(rowsOf(fields, [['锦绣花园', 353, 1994, 113.04, 28.22]]), world([outlined]));
    expect(plan.writes).toEqual([{ op: 'update', row: 2, id: 7, households: 353, year_built: 1994, address: null, lon: null, lat: null }]);
    expect(plan.rows[0]!.notes.map((n) => n.zh)).toEqual(['户数:300 → 353', '该小区已有轮廓,保留轮廓']);
  });
});
