import type { Role } from '../domain/roles.js';
import { ROLE_LABELS } from '../domain/roles.js';
import { USERNAME_PATTERN, usernameKey } from '../domain/user.js';
import { cellLongText, cellText, readPosition } from './ledgerValues.js';
import { nameKey, readHouseholds, readRole, readYear, splitShortNames } from './listFields.js';
import type { ListCountsOutput, ListOutcome, ListProblemOutput, ListRowOutput } from '../domain/listImports.js';
import type { Cell } from './readLedgerFile.js';

/**
 * What each row of a list would do, worked out from the rows and what the
 * database holds (a "world" loaded beforehand): pure, so the preview and the
 * commit, which runs it again inside its transaction, answer alike, and the
 * rules are tested without a database.
 */

/** A data row with its cells by field (the mapping applied). */
export interface ListRowCells {
  rowNumber: number;
  get(field: string): Cell;
}

const problem = (field: string, en: string, zh: string): ListProblemOutput => ({ field, en, zh });

/** A name as clerks type it, tidied: half-width, single spaces, none beside a Chinese character (清溪区 水利局). */
export function tidyName(cell: Cell): string | null {
  const text = cellText(cell);
  return text === null ? null : text.replace(/\s+(?=[\u3400-\u9fff（）()])|(?<=[\u3400-\u9fff（）()])\s+/g, '');
}

export interface AreaRef {
  id: number;
  name: string;
  code: string;
  level: 'district' | 'street' | 'community';
  parent_id: number | null;
}

/** An area named by its code, or by a name only one area of the candidates has. */
export function findArea(areas: readonly AreaRef[], text: string, what: { en: string; zh: string }, field: string): { area: AreaRef } | { problem: ListProblemOutput } {
  const byCode = areas.find((a) => a.code === text);
  if (byCode) return { area: byCode };
  const key = nameKey(text);
  const named = areas.filter((a) => nameKey(a.name) === key);
  if (named.length === 1) return { area: named[0]! };
  if (named.length > 1) {
    const codes = named.map((a) => a.code).join(', ');
    return { problem: problem(field, `several ${what.en}s are called ${text} (${codes}): write the code`, `有多个名为“${text}”的${what.zh}(${codes}):请填写代码`) };
  }
  return { problem: problem(field, `there is no ${what.en} ${text}`, `${what.zh}“${text}”不存在`) };
}

const DISTRICT = { en: 'district', zh: '区县' };
const AREA = { en: 'area', zh: '区域' };

function tally(rows: readonly ListRowOutput[]): ListCountsOutput {
  const counts: ListCountsOutput = { create: 0, update: 0, unchanged: 0, rejected: 0 };
  for (const r of rows) counts[r.outcome]++;
  return counts;
}

export interface ListPlan<W> {
  rows: ListRowOutput[];
  counts: ListCountsOutput;
  /** What the commit writes, row by row; rejected and unchanged rows write nothing. */
  writes: W[];
}

function plan<W>(rows: ListRowOutput[], writes: W[]): ListPlan<W> {
  return { rows, counts: tally(rows), writes };
}

function rowOf(rowNumber: number, label: string, values: Record<string, string | null>, problems: ListProblemOutput[], outcome: ListOutcome, notes: ListProblemOutput[] = []): ListRowOutput {
  return { row_number: rowNumber, outcome: problems.length > 0 ? 'rejected' : outcome, label, values, problems, notes: problems.length > 0 ? [] : notes };
}

function tooLong(field: string, text: string | null, max: number, what: { en: string; zh: string }): ListProblemOutput[] {
  return text !== null && text.length > max ? [problem(field, `the ${what.en} is longer than ${max} characters`, `${what.zh}超过 ${max} 个字`)] : [];
}

/* ---------- 单位名录 ---------- */

export interface UnitRef {
  id: number;
  name: string;
  name_en: string | null;
  district_id: number | null;
  short_names: string[];
}

export type UnitWrite =
  | { op: 'create'; row: number; name: string; name_en: string | null; district_id: number; short_names: string[] }
  | { op: 'update'; row: number; id: number; name_en: string | null; short_names: string[] };

export function planUnits(rows: readonly ListRowCells[], world: { districts: readonly AreaRef[]; units: readonly UnitRef[] }): ListPlan<UnitWrite> {
  // The units of each district as the list leaves them: existing ones, and those earlier rows create or extend.
  const units: UnitRef[] = world.units.map((u) => ({ ...u, short_names: [...u.short_names] }));
  const seen = new Map<string, number>();
  const out: ListRowOutput[] = [];
  const writes: UnitWrite[] = [];
  let nextNewId = -1;

  for (const row of rows) {
    const problems: ListProblemOutput[] = [];
    const name = tidyName(row.get('name'));
    const nameEn = cellText(row.get('name_en'));
    const districtText = cellText(row.get('district'));
    const shortNames = splitShortNames(row.get('short_names')).map((n) => tidyName(n)!).filter((n) => name === null || nameKey(n) !== nameKey(name));
    const values = { district: districtText, name, short_names: shortNames.join('、') || null, name_en: nameEn };

    let district: AreaRef | undefined;
    if (districtText === null) problems.push(problem('district', 'the district is blank', '所属区县未填写'));
    else {
      const found = findArea(world.districts, districtText, DISTRICT, 'district');
      if ('problem' in found) problems.push(found.problem);
      else district = found.area;
    }
    if (name === null) problems.push(problem('name', 'the full name is blank', '单位全称未填写'));
    problems.push(...tooLong('name', name, 100, { en: 'full name', zh: '单位全称' }), ...tooLong('name_en', nameEn, 200, { en: 'English name', zh: '英文名称' }));
    for (const s of shortNames) problems.push(...tooLong('short_names', s, 50, { en: `short name ${s}`, zh: `简称“${s}”` }));

    const label = name ?? '';
    if (problems.length > 0 || !district || name === null) {
      out.push(rowOf(row.rowNumber, label, values, problems, 'rejected'));
      continue;
    }
    const key = `${district.id}|${nameKey(name)}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      out.push(rowOf(row.rowNumber, label, values, [problem('name', `row ${earlier} already lists this unit`, `与第 ${earlier} 行重复`)], 'rejected'));
      continue;
    }
    seen.set(key, row.rowNumber);

    const ofDistrict = units.filter((u) => u.district_id === district.id);
    const existing = ofDistrict.find((u) => nameKey(u.name) === nameKey(name));
    for (const s of shortNames) {
      const holder = ofDistrict.find((u) => u !== existing && (nameKey(u.name) === nameKey(s) || u.short_names.some((t) => nameKey(t) === nameKey(s))));
      if (holder) problems.push(problem('short_names', `${s} is already a name of ${holder.name} in ${district.name}`, `简称“${s}”已是${district.name}“${holder.name}”的名称`));
    }
    const merged = [...(existing?.short_names ?? [])];
    for (const s of shortNames) if (!merged.some((t) => nameKey(t) === nameKey(s))) merged.push(s);
    if (merged.length > 50) problems.push(problem('short_names', 'a unit has at most 50 short names', '一个单位最多 50 个简称'));
    if (problems.length > 0) {
      out.push(rowOf(row.rowNumber, label, values, problems, 'rejected'));
      continue;
    }

    if (!existing) {
      units.push({ id: nextNewId--, name, name_en: nameEn, district_id: district.id, short_names: merged });
      writes.push({ op: 'create', row: row.rowNumber, name, name_en: nameEn, district_id: district.id, short_names: merged });
      out.push(rowOf(row.rowNumber, label, values, [], 'create'));
      continue;
    }
    const added = merged.slice(existing.short_names.length);
    const newEnglish = nameEn !== null && nameEn !== existing.name_en;
    const notes: ListProblemOutput[] = [];
    if (added.length > 0) notes.push(problem('short_names', `short names added: ${added.join(', ')}`, `新增简称:${added.join('、')}`));
    if (newEnglish) notes.push(problem('name_en', `English name: ${nameEn}`, `英文名称改为:${nameEn}`));
    if (added.length === 0 && !newEnglish) {
      out.push(rowOf(row.rowNumber, label, values, [], 'unchanged'));
      continue;
    }
    existing.short_names = merged;
    if (newEnglish) existing.name_en = nameEn;
    writes.push({ op: 'update', row: row.rowNumber, id: existing.id, name_en: existing.name_en, short_names: merged });
    out.push(rowOf(row.rowNumber, label, values, [], 'update', notes));
  }
  return plan(out, writes);
}

/* ---------- 人员名单 ---------- */

export interface UserRef {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit_id: number | null;
  area_id: number | null;
}

export type StaffWrite =
  | { op: 'create'; row: number; username: string; display_name: string; role: Role; unit_id: number | null; area_id: number | null }
  | { op: 'update'; row: number; id: number; display_name: string; role: Role; unit_id: number | null; area_id: number | null; endsSessions: boolean };

const USERNAME = new RegExp(USERNAME_PATTERN);

/** The one unit a list names by its full name or a short name; several with the name is a problem, not a guess. */
function findUnit(units: readonly UnitRef[], text: string): { unit: UnitRef } | { problem: ListProblemOutput } {
  const key = nameKey(text);
  const byName = units.filter((u) => nameKey(u.name) === key);
  const matches = byName.length > 0 ? byName : units.filter((u) => u.short_names.some((s) => nameKey(s) === key));
  if (matches.length === 1) return { unit: matches[0]! };
  if (matches.length > 1) {
    const names = matches.map((u) => u.name).join('、');
    return { problem: problem('unit', `several units go by ${text} (${names}): write the full name`, `有多个单位名为“${text}”(${names}):请填写全称`) };
  }
  return { problem: problem('unit', `there is no unit ${text}: import the units list first`, `单位“${text}”不存在:请先导入单位名录`) };
}

export function planStaff(
  rows: readonly ListRowCells[],
  world: { units: readonly UnitRef[]; areas: readonly AreaRef[]; users: readonly UserRef[]; actingUserId: number },
): ListPlan<StaffWrite> {
  const byKey = new Map(world.users.map((u) => [usernameKey(u.username), u]));
  const seen = new Map<string, number>();
  const out: ListRowOutput[] = [];
  const writes: StaffWrite[] = [];

  for (const row of rows) {
    const problems: ListProblemOutput[] = [];
    const notes: ListProblemOutput[] = [];
    const displayName = tidyName(row.get('display_name'));
    const usernameText = cellText(row.get('username'));
    const username = usernameText === null ? null : usernameKey(usernameText);
    const roleRead = readRole(row.get('role'));
    const unitText = cellText(row.get('unit'));
    const areaText = cellText(row.get('area'));

    if (displayName === null) problems.push(problem('display_name', 'the name is blank', '姓名未填写'));
    problems.push(...tooLong('display_name', displayName, 100, { en: 'name', zh: '姓名' }));
    if (username === null) problems.push(problem('username', 'the username is blank', '账号未填写'));
    else if (!USERNAME.test(username)) {
      problems.push(problem('username', `${usernameText} is not a username: 2–64 letters, digits, . _ -`, `“${usernameText}”不是有效账号:须为 2—64 个字母、数字或 . _ -`));
    }
    if (!roleRead.ok) problems.push(problem('role', roleRead.en, roleRead.zh));
    const role = roleRead.ok ? roleRead.value : null;

    let unitId: number | null = null;
    if (unitText !== null) {
      const found = findUnit(world.units, unitText);
      if ('problem' in found) {
        if (role === 'unit') problems.push(found.problem);
      } else if (role === 'unit') unitId = found.unit.id;
      if (role !== null && role !== 'unit') {
        notes.push(problem('unit', `only users of role unit belong to a unit: ${unitText} is not recorded`, `只有责任单位角色的用户隶属单位:“${unitText}”不记录`));
      }
    } else if (role === 'unit') problems.push(problem('unit', 'a user of role unit needs their unit', '责任单位角色须填写所属单位'));

    let area: AreaRef | null = null;
    if (areaText !== null) {
      const found = findArea(world.areas, areaText, AREA, 'area');
      if ('problem' in found) problems.push(found.problem);
      else area = found.area;
    }

    const values = {
      display_name: displayName,
      username,
      role: role ? ROLE_LABELS[role].zh : cellText(row.get('role')),
      unit: role === 'unit' ? (world.units.find((u) => u.id === unitId)?.name ?? unitText) : null,
      area: area?.name ?? areaText,
    };
    const label = displayName ?? username ?? '';
    if (username !== null && problems.length === 0) {
      const earlier = seen.get(username);
      if (earlier !== undefined) problems.push(problem('username', `row ${earlier} already lists ${username}`, `账号 ${username} 与第 ${earlier} 行重复`));
      else seen.set(username, row.rowNumber);
    }
    if (problems.length > 0 || username === null || displayName === null || role === null) {
      out.push(rowOf(row.rowNumber, label, values, problems, 'rejected'));
      continue;
    }

    const existing = byKey.get(username);
    const areaId = area?.id ?? null;
    if (!existing) {
      writes.push({ op: 'create', row: row.rowNumber, username, display_name: displayName, role, unit_id: unitId, area_id: areaId });
      out.push(rowOf(row.rowNumber, label, values, [], 'create', notes));
      continue;
    }
    if (existing.id === world.actingUserId && role !== 'admin') {
      out.push(rowOf(row.rowNumber, label, values, [problem('role', 'you cannot take away your own administrator role', '不能取消自己的管理员角色')], 'rejected'));
      continue;
    }
    const changes = [
      existing.display_name !== displayName && problem('display_name', `name: ${existing.display_name} → ${displayName}`, `姓名:${existing.display_name} → ${displayName}`),
      existing.role !== role && problem('role', `role: ${existing.role} → ${role}`, `角色:${ROLE_LABELS[existing.role].zh} → ${ROLE_LABELS[role].zh}`),
      existing.unit_id !== unitId && problem('unit', 'unit changed', '所属单位变更'),
      existing.area_id !== areaId && problem('area', `area: ${area?.name ?? '—'}`, `区域:${area?.name ?? '—'}`),
    ].filter((c) => c !== false);
    if (changes.length === 0) {
      out.push(rowOf(row.rowNumber, label, values, [], 'unchanged', notes));
      continue;
    }
    const endsSessions = existing.role !== role || existing.unit_id !== unitId;
    writes.push({ op: 'update', row: row.rowNumber, id: existing.id, display_name: displayName, role, unit_id: unitId, area_id: areaId, endsSessions });
    out.push(rowOf(row.rowNumber, label, values, [], 'update', [...changes, ...notes]));
  }
  return plan(out, writes);
}

/* ---------- 小区名录 ---------- */

export interface CompoundRef {
  id: number;
  name: string;
  district_id: number | null;
  households: number;
  year_built: number | null;
  address: string | null;
  /** [lon, lat] for a compound stored as a point; null for one with an outline, which a list never replaces. */
  point: [number, number] | null;
}

/** Where a row's position lies, as the database finds it. */
export interface PointPlace {
  district_id: number | null;
  street_id: number | null;
}

export type CompoundWrite =
  | { op: 'create'; row: number; name: string; households: number; year_built: number | null; address: string | null; lon: number; lat: number }
  | { op: 'update'; row: number; id: number; households: number; year_built: number | null; address: string | null; lon: number | null; lat: number | null };

/** A compound's position as the list gives it, read before the database is asked where each lies. */
export function compoundPosition(row: ListRowCells, crs: 'wgs84' | 'gcj02') {
  return readPosition(row.get('lon'), row.get('lat'), crs);
}

export function planCompounds(
  rows: readonly ListRowCells[],
  world: { districts: readonly AreaRef[]; streets: readonly AreaRef[]; compounds: readonly CompoundRef[]; places: ReadonlyMap<number, PointPlace>; crs: 'wgs84' | 'gcj02' },
): ListPlan<CompoundWrite> {
  const seen = new Map<string, number>();
  const out: ListRowOutput[] = [];
  const writes: CompoundWrite[] = [];

  for (const row of rows) {
    const problems: ListProblemOutput[] = [];
    const notes: ListProblemOutput[] = [];
    const name = tidyName(row.get('name'));
    const address = cellLongText(row.get('address'));
    const households = readHouseholds(row.get('households'));
    const year = readYear(row.get('year_built'));
    const position = compoundPosition(row, world.crs);
    const districtText = cellText(row.get('district'));
    const streetText = cellText(row.get('street'));

    if (name === null) problems.push(problem('name', 'the name is blank', '小区名称未填写'));
    problems.push(...tooLong('name', name, 200, { en: 'name', zh: '小区名称' }), ...tooLong('address', address, 300, { en: 'address', zh: '地址' }));
    if (!households.ok) problems.push(problem('households', households.en, households.zh));
    else if (households.value === null) problems.push(problem('households', 'the number of households is blank', '户数未填写'));
    if (!year.ok) problems.push(problem('year_built', year.en, year.zh));
    if (!position.ok) problems.push(problem('lon', position.en, position.zh));
    else if (position.value === null) {
      problems.push(problem('lon', 'the position is blank: a compound needs a longitude and latitude to be on the map', '坐标未填写:小区须有经纬度才能上图'));
    }

    const place = world.places.get(row.rowNumber);
    let district: AreaRef | undefined;
    if (districtText !== null) {
      const found = findArea(world.districts, districtText, DISTRICT, 'district');
      if ('problem' in found) problems.push(found.problem);
      else district = found.area;
    } else if (place?.district_id) district = world.districts.find((d) => d.id === place.district_id);
    if (district && place && place.district_id !== district.id) {
      notes.push(problem('lon', `the position lies outside ${district.name}`, `坐标不在${district.name}范围内`));
    }
    if (streetText !== null) {
      const candidates = world.streets.filter((s) => !district || s.parent_id === district.id);
      const found = findArea(candidates, streetText, { en: 'street', zh: '街道(乡镇)' }, 'street');
      if ('problem' in found) notes.push(problem('street', `${found.problem.en}; the street is taken from the position`, `${found.problem.zh};所在街道按坐标确定`));
      else if (place && place.street_id !== found.area.id) notes.push(problem('street', `the position lies outside ${found.area.name}`, `坐标不在${found.area.name}范围内`));
    }

    const values = {
      name,
      address,
      households: households.ok && households.value !== null ? String(households.value) : cellText(row.get('households')),
      year_built: year.ok && year.value !== null ? String(year.value) : cellText(row.get('year_built')),
      lon: position.ok && position.value ? String(position.value[0]) : cellText(row.get('lon')),
      lat: position.ok && position.value ? String(position.value[1]) : cellText(row.get('lat')),
      district: district?.name ?? districtText,
      street: streetText,
    };
    const label = name ?? '';
    if (problems.length > 0 || name === null || !households.ok || households.value === null || !year.ok || !position.ok || position.value === null) {
      out.push(rowOf(row.rowNumber, label, values, problems, 'rejected'));
      continue;
    }
    const districtId = district?.id ?? null;
    const key = `${districtId}|${nameKey(name)}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      out.push(rowOf(row.rowNumber, label, values, [problem('name', `row ${earlier} already lists this compound`, `与第 ${earlier} 行重复`)], 'rejected'));
      continue;
    }
    seen.set(key, row.rowNumber);
    const [lon, lat] = position.value;
    const matches = world.compounds.filter((c) => c.district_id === districtId && nameKey(c.name) === nameKey(name));
    if (matches.length > 1) {
      out.push(rowOf(row.rowNumber, label, values, [problem('name', `${matches.length} compounds are already called ${name} here`, `该区县已有 ${matches.length} 个名为“${name}”的小区`)], 'rejected'));
      continue;
    }
    const existing = matches[0];
    if (!existing) {
      writes.push({ op: 'create', row: row.rowNumber, name, households: households.value, year_built: year.value, address, lon, lat });
      out.push(rowOf(row.rowNumber, label, values, [], 'create', notes));
      continue;
    }
    const moved = existing.point !== null && (existing.point[0] !== lon || existing.point[1] !== lat);
    const changes = [
      existing.households !== households.value && problem('households', `households: ${existing.households} → ${households.value}`, `户数:${existing.households} → ${households.value}`),
      existing.year_built !== year.value && problem('year_built', `year built: ${existing.year_built ?? '—'} → ${year.value ?? '—'}`, `建成年份:${existing.year_built ?? '—'} → ${year.value ?? '—'}`),
      (existing.address ?? null) !== address && problem('address', 'address changed', '地址变更'),
      moved && problem('lon', 'moved to the position given', '位置按名录更新'),
    ].filter((c) => c !== false);
    if (existing.point === null) notes.push(problem('lon', 'the compound has an outline: it is kept', '该小区已有轮廓,保留轮廓'));
    if (changes.length === 0) {
      out.push(rowOf(row.rowNumber, label, values, [], 'unchanged', notes));
      continue;
    }
    writes.push({ op: 'update', row: row.rowNumber, id: existing.id, households: households.value, year_built: year.value, address, lon: moved ? lon : null, lat: moved ? lat : null });
    out.push(rowOf(row.rowNumber, label, values, [], 'update', [...changes, ...notes]));
  }
  return plan(out, writes);
}
