import { findKind, type KindCode } from '../domain/kinds/index.js';
import { STATUS_LABELS, type Status } from '../domain/status.js';
import type { ReconcileField, ValueEntryOutput, ValueTargetOutput } from '../domain/ledgerImport.js';
import { cellText } from './ledgerValues.js';
import { fullCore, matchAbbreviation } from './unitAbbreviation.js';

/**
 * Reconciling a ledger's values with what the database knows: the unit, kind,
 * status and street a clerk wrote, and what each means here. Pure: the
 * service loads the directory once per preview and the planner's choices with
 * the ledger.
 */

/** Values compare without spaces, full-width forms or case, as clerks type them differently. */
export const valueKey = (value: string) => (cellText(value) ?? '').replace(/\s/g, '').toLowerCase();

/** What the planner decided each value means, kept with the ledger (ledgers.value_choices, migration 0025). */
export interface ValueChoices {
  unit?: Record<string, number>;
  kind?: Record<string, KindCode>;
  status?: Record<string, Status>;
  street?: Record<string, number>;
}

export interface DirectoryUnit {
  id: number;
  name: string;
  district_id: number | null;
  short_names: string[];
}

export interface DirectoryArea {
  id: number;
  name: string;
  parent_id: number | null;
}

/** The units, districts and streets a preview resolves against, read once. */
export class Directory {
  readonly unitsById: Map<number, DirectoryUnit>;
  readonly districtsById: Map<number, DirectoryArea>;
  readonly streetsById: Map<number, DirectoryArea>;
  /** The district a ledger's name starts with (清溪区2026年…台账), if exactly one. */
  readonly ledgerDistrictId: number | null;
  /** Units already resolved in this preview, by district and value: a ledger repeats its few values over thousands of rows. */
  readonly resolvedUnits = new Map<string, Resolved<number>>();

  constructor(units: DirectoryUnit[], districts: DirectoryArea[], streets: DirectoryArea[], ledgerName: string) {
    this.unitsById = new Map(units.map((u) => [u.id, u]));
    this.districtsById = new Map(districts.map((d) => [d.id, d]));
    this.streetsById = new Map(streets.map((s) => [s.id, s]));
    const named = districts.filter((d) => ledgerName.includes(d.name));
    this.ledgerDistrictId = named.length === 1 ? named[0]!.id : null;
  }

  districtName(id: number | null): string | null {
    return id === null ? null : (this.districtsById.get(id)?.name ?? null);
  }

  /** The district a value of the district column names: 清溪区, or 清溪. */
  districtNamed(value: string): number | null {
    const key = valueKey(value);
    const hits = [...this.districtsById.values()].filter((d) => valueKey(d.name) === key || valueKey(d.name).replace(/[区县市旗]$/, '') === key);
    return hits.length === 1 ? hits[0]!.id : null;
  }
}

/** How a value came to mean what it means; `short_name` and `abbreviation` are the preview's suggestions. */
export type ValueSource = 'choice' | 'exact' | 'short_name' | 'abbreviation' | 'similar';

export interface Resolved<T> {
  target: T | null;
  name: string | null;
  source: ValueSource | null;
}

const none = <T>(): Resolved<T> => ({ target: null, name: null, source: null });

/**
 * The unit a value names for a row of `districtId`: the planner's choice, the
 * unit of that name (of the row's district when several districts have one),
 * a unit with that short name, or the one unit of the district whose name the
 * value abbreviates.
 */
export function resolveUnit(value: string, districtId: number | null, directory: Directory, choices: ValueChoices): Resolved<number> {
  const key = valueKey(value);
  const chosen = choices.unit?.[key];
  const unit = chosen === undefined ? undefined : directory.unitsById.get(chosen);
  if (unit) return { target: unit.id, name: unit.name, source: 'choice' };
  const memo = `${districtId}\u0000${key}`;
  const known = directory.resolvedUnits.get(memo);
  if (known) return known;
  const resolved = unitNamed(value, districtId, directory);
  directory.resolvedUnits.set(memo, resolved);
  return resolved;
}

/** Without the planner's choices: what the database itself says a value names. */
function unitNamed(value: string, districtId: number | null, directory: Directory): Resolved<number> {
  const key = valueKey(value);
  const units = [...directory.unitsById.values()];
  const found = (u: DirectoryUnit, source: ValueSource): Resolved<number> => ({ target: u.id, name: u.name, source });
  const oneOf = (hits: DirectoryUnit[]) => {
    const local = districtId === null ? [] : hits.filter((u) => u.district_id === districtId);
    if (local.length === 1) return local[0];
    return hits.length === 1 && (districtId === null || local.length === 0) ? hits[0] : undefined;
  };
  const exact = oneOf(units.filter((u) => valueKey(u.name) === key));
  if (exact) return found(exact, 'exact');
  // A short name is local: 区城管局 of one district is not that of another.
  const shortNamedHits = units.filter((u) => u.short_names.some((s) => valueKey(s) === key) && (districtId === null || u.district_id === districtId || u.district_id === null));
  const shortNamed = shortNamedHits.length === 1 ? shortNamedHits[0] : undefined;
  if (shortNamed) return found(shortNamed, 'short_name');
  const candidates = districtId === null ? units : units.filter((u) => u.district_id === districtId);
  const district = directory.districtName(districtId);
  const match = matchAbbreviation(value, candidates, district);
  if (match && 'unit' in match) return found(directory.unitsById.get(match.unit.id)!, 'abbreviation');
  return none();
}

/** The street a value names: the planner's choice, the street of that name, or the one street it is the start of (城关 → 城关街道). */
export function resolveStreet(value: string, districtId: number | null, directory: Directory, choices: ValueChoices): Resolved<number> {
  const key = valueKey(value);
  const chosen = choices.street?.[key];
  if (chosen !== undefined && directory.streetsById.has(chosen)) return { target: chosen, name: directory.streetsById.get(chosen)!.name, source: 'choice' };
  const streets = [...directory.streetsById.values()].filter((s) => districtId === null || s.parent_id === districtId);
  const exact = streets.filter((s) => valueKey(s.name) === key);
  if (exact.length === 1) return { target: exact[0]!.id, name: exact[0]!.name, source: 'exact' };
  const core = key.replace(/办事处$/, '');
  const district = directory.districtName(districtId);
  const similar = streets.filter((s) => {
    const name = valueKey(fullCore(s.name, district));
    return name !== key && (name.startsWith(core) || core.startsWith(name)) && /^(街道|街道办事处|镇|乡|办事处)?$/.test(name.length > core.length ? name.slice(core.length) : core.slice(name.length));
  });
  if (similar.length === 1) return { target: similar[0]!.id, name: similar[0]!.name, source: 'similar' };
  return none();
}

/** A row's kind from its cell: the planner's choice, one of the kind's own words, or a word inside the text. */
export function kindTarget(kind: KindCode): ValueTargetOutput {
  return { id: kind, name: findKind(kind)!.name.zh };
}

export function statusTarget(status: Status): ValueTargetOutput {
  return { id: status, name: STATUS_LABELS[status].zh };
}

/** Up to this many values are listed for the planner; the rest are counted. */
export const MAX_LISTED_VALUES = 500;

/** Collects, across a preview's batches, the values that did not match exactly. */
export class ValueReview {
  private readonly entries = new Map<string, ValueEntryOutput & { suggestions: Set<string> }>();

  /** A row carries `value` in `field`; exact matches are not listed. */
  note(field: ReconcileField, value: string, seen: { source: ValueSource | null; target: ValueTargetOutput | null; district: ValueTargetOutput | null }) {
    if (seen.source === 'exact') return;
    const key = `${field}\u0000${valueKey(value)}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { field, value, rows: 0, suggestion: null, choice: null, district: seen.district, suggestions: new Set() };
      this.entries.set(key, entry);
    }
    entry.rows += 1;
    if (seen.source === 'choice') entry.choice = seen.target;
    else if (seen.target && seen.source) {
      entry.suggestions.add(String(seen.target.id));
      // Rows of two districts may mean two units by one short form: then nothing is suggested.
      entry.suggestion = entry.suggestions.size === 1 ? { ...seen.target, source: seen.source } : null;
    }
  }

  /** Most rows first: the values worth deciding before the others. */
  list(): { values: ValueEntryOutput[]; total: number } {
    const all = [...this.entries.values()].map(({ suggestions: _suggestions, ...entry }) => entry);
    all.sort((a, b) => b.rows - a.rows || a.field.localeCompare(b.field) || a.value.localeCompare(b.value));
    return { values: all.slice(0, MAX_LISTED_VALUES), total: all.length };
  }
}
