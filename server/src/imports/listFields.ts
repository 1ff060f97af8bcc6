import { LIST_FIELDS, type ListKind } from '../domain/listImports.js';
import { ROLES, type Role } from '../domain/roles.js';
import { normaliseHeader, toHalfWidth } from '../domain/ledgerFields.js';
import { cellText, readNumber, type Read } from './ledgerValues.js';

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
