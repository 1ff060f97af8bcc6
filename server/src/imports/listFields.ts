import { ROLES, type Role } from '../domain/roles.js';
import { normaliseHeader, toHalfWidth } from './ledgerFields.js';
import { cellText, readNumber, type Read } from './ledgerValues.js';

/**
 * The lists a district keeps beside its ledgers (issue 25): 单位名录, 人员名单,
 * 小区名录. Each kind is one entry here: its fields, which are required, the
 * header words clerks write for each, and the words shown for each field. The
 * importer, the preview and the client read this one table.
 */
export const LIST_KINDS = ['units', 'staff', 'compounds'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** At most this many rows in a list: more is a ledger, or a mistake. */
export const MAX_LIST_ROWS = 5_000;

/** A list file's bytes: a 5,000-row list is well under 2 MB as XLSX or CSV. */
export const MAX_LIST_BYTES = 10 * 1024 * 1024;

export interface ListField {
  field: string;
  zh: string;
  en: string;
  required: boolean;
  /** Header texts that name this field, as normaliseHeader folds them. */
  headers: readonly string[];
}

const UNIT_FIELDS: readonly ListField[] = [
  { field: 'district', zh: '所属区县', en: 'District', required: true, headers: ['区县', '所属区县', '所在区县', '区县名称', '区县代码', '区划', '区划代码', '行政区划', 'district'] },
  { field: 'name', zh: '单位全称', en: 'Full name', required: true, headers: ['单位全称', '单位名称', '全称', '名称', '单位', '责任单位', 'name', 'fullname', 'unit'] },
  { field: 'short_names', zh: '简称', en: 'Short names', required: false, headers: ['简称', '单位简称', '别名', '常用简称', 'shortname', 'shortnames', 'abbreviation'] },
  { field: 'name_en', zh: '英文名称', en: 'English name', required: false, headers: ['英文名称', '英文名', '英文', 'englishname', 'nameen'] },
];

const STAFF_FIELDS: readonly ListField[] = [
  { field: 'display_name', zh: '姓名', en: 'Name', required: true, headers: ['姓名', '名字', '人员姓名', '显示名', 'name', 'displayname'] },
  { field: 'username', zh: '账号', en: 'Username', required: true, headers: ['账号', '帐号', '用户名', '登录名', '登录账号', 'username', 'account', 'login'] },
  { field: 'role', zh: '角色', en: 'Role', required: true, headers: ['角色', '用户角色', '权限', '身份', 'role'] },
  { field: 'unit', zh: '所属单位', en: 'Unit', required: false, headers: ['单位', '所属单位', '责任单位', '工作单位', '单位名称', 'unit'] },
  { field: 'area', zh: '区域', en: 'Area', required: false, headers: ['区域', '所属区域', '负责区域', '辖区', '街道', '所属街道', '街道乡镇', '乡镇街道', 'area'] },
];

const COMPOUND_FIELDS: readonly ListField[] = [
  { field: 'name', zh: '小区名称', en: 'Name', required: true, headers: ['小区名称', '小区', '名称', '小区名', '项目名称', 'name', 'compound'] },
  { field: 'address', zh: '地址', en: 'Address', required: false, headers: ['地址', '小区地址', '详细地址', '门牌', 'address'] },
  { field: 'households', zh: '户数', en: 'Households', required: true, headers: ['户数', '住户', '住户数', '总户数', '居民户数', 'households'] },
  { field: 'year_built', zh: '建成年份', en: 'Year built', required: false, headers: ['建成年份', '建成年代', '建成时间', '竣工年份', '建设年份', '年份', 'yearbuilt', 'year'] },
  { field: 'lon', zh: '经度', en: 'Longitude', required: true, headers: ['经度', 'lon', 'lng', 'longitude', 'x'] },
  { field: 'lat', zh: '纬度', en: 'Latitude', required: true, headers: ['纬度', 'lat', 'latitude', 'y'] },
  { field: 'district', zh: '区县', en: 'District', required: false, headers: ['区县', '所属区县', '区县代码', 'district'] },
  { field: 'street', zh: '街道', en: 'Street', required: false, headers: ['街道', '所属街道', '街道乡镇', '乡镇街道', '街道(乡镇)', 'street'] },
];

export const LIST_FIELDS: Record<ListKind, readonly ListField[]> = { units: UNIT_FIELDS, staff: STAFF_FIELDS, compounds: COMPOUND_FIELDS };

/** Every field any list has: the mapping's schema names them all, each kind accepts its own. */
export const ALL_LIST_FIELDS = [...new Set(Object.values(LIST_FIELDS).flatMap((fields) => fields.map((f) => f.field)))];

export const LIST_LABELS: Record<ListKind, { zh: string; en: string }> = {
  units: { zh: '单位名录', en: 'units list' },
  staff: { zh: '人员名单', en: 'staff list' },
  compounds: { zh: '小区名录', en: 'compounds list' },
};

function fieldOfListHeader(kind: ListKind, header: string): string | null {
  const key = normaliseHeader(header);
  if (key === '') return null;
  return LIST_FIELDS[kind].find((f) => f.headers.some((h) => normaliseHeader(h) === key))?.field ?? null;
}

/** Each column's field by its header; a field goes to the first column naming it. */
export function guessListMapping(kind: ListKind, headers: readonly string[]): (string | null)[] {
  const taken = new Set<string>();
  return headers.map((h) => {
    const field = fieldOfListHeader(kind, h);
    if (field === null || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

/**
 * The header row among the first rows: the one naming most of the kind's
 * fields, at least two (a merged title row above names at most one).
 */
export function findListHeaderRow(kind: ListKind, rows: readonly (readonly unknown[])[], lookAhead = 15): number | null {
  let best: { index: number; score: number } | null = null;
  rows.slice(0, lookAhead).forEach((row, index) => {
    const score = new Set(row.map((c) => (typeof c === 'string' ? fieldOfListHeader(kind, c) : null)).filter((f) => f !== null)).size;
    if (score >= 2 && (best === null || score > best.score)) best = { index, score };
  });
  return best === null ? null : (best as { index: number }).index;
}

/** 简称 as clerks list them: 区城管局、城管局 or 区城管局, 城管局 or 区城管局/城管局; each once, in order. */
export function splitShortNames(cell: unknown): string[] {
  const text = cellText(cell);
  if (text === null) return [];
  return [...new Set(text.split(/[、,;/|，；／]+/).map((n) => n.trim()).filter((n) => n !== ''))];
}

const ROLE_WORDS: Record<Role, readonly string[]> = {
  admin: ['管理员', '系统管理员', '超级管理员', 'admin', 'administrator'],
  planner: ['规划员', '规划人员', '规划', '计划员', 'planner'],
  unit: ['责任单位', '单位用户', '单位', '责任单位用户', 'unit', 'responsibleunit'],
  leader: ['领导', '分管领导', '区领导', 'leader'],
};

const BY_ROLE_WORD = new Map<string, Role>(ROLES.flatMap((role) => ROLE_WORDS[role].map((w) => [w.toLowerCase(), role] as const)));

export function readRole(cell: unknown): Read<Role> {
  const text = cellText(cell);
  if (text === null) return { ok: false, en: 'the role is blank', zh: '角色未填写' };
  const role = BY_ROLE_WORD.get(text.replace(/\s/g, '').toLowerCase());
  return role
    ? { ok: true, value: role }
    : { ok: false, en: `“${text}” is not a role: write 管理员, 规划员, 责任单位 or 领导`, zh: `“${text}”不是可用的角色:请填写管理员、规划员、责任单位或领导` };
}

/** A year as clerks write it: 1998, "1998", "1998年", "1998年10月", 1998.0. */
export function readYear(cell: unknown): Read<number | null> {
  const text = cellText(cell);
  if (text === null) return { ok: true, value: null };
  const match = /^(\d{4})(?:\.0+)?(?:年.*|[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?$/.exec(text);
  const year = match ? Number(match[1]) : NaN;
  if (!(year >= 1900 && year <= 2100)) return { ok: false, en: `“${text}” is not a year between 1900 and 2100`, zh: `“${text}”不是 1900—2100 之间的年份` };
  return { ok: true, value: year };
}

/** A count of households: 320, "320", "320户", "1,200". */
export function readHouseholds(cell: unknown): Read<number | null> {
  const read = readNumber(typeof cell === 'string' ? toHalfWidth(cell).trim().replace(/户$/, '') : cell);
  if (!read.ok || read.value === null) return read;
  return Number.isInteger(read.value) && read.value >= 0 && read.value <= 100_000
    ? read
    : { ok: false, en: `${read.value} is not a number of households (a whole number up to 100,000)`, zh: `${read.value} 不是有效的户数(0—100000 的整数)` };
}

/** A name as lookups compare it: half-width, no spaces, lower case. */
export const nameKey = (name: string) => toHalfWidth(name).replace(/\s/g, '').toLowerCase();
