import { parseIsoWeek } from '../../../server/src/domain/dashboard.js';
import { isIsoDate } from '../../../server/src/domain/dates.js';
import { KIND_CODES, type KindCode } from '../../../server/src/domain/kinds/index.js';
import { STATUSES, type Status } from '../../../server/src/domain/status.js';

/** What the list and the map show: the same filters the API takes. */
export interface ProjectFilters {
  area?: number;
  kinds: KindCode[];
  statuses: Status[];
  units: number[];
  overdue: boolean;
  /** Reported on or after / before, YYYY-MM-DD. */
  from?: string;
  to?: string;
  q?: string;
}

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The whole view, as the URL holds it, so a link reproduces what its sender saw:
 * camera, filters, the selected project and the language.
 */
export interface ViewState {
  center?: [number, number];
  zoom?: number;
  filters: ProjectFilters;
  selected?: number;
  lang: Language;
  /** A page over the map: the leader dashboard or its weekly summary. */
  page?: Page;
  /** The weekly summary's ISO week (2026-W47); omitted, the last full week. */
  week?: string;
}

export const PAGES = ['dashboard', 'weekly'] as const;
export type Page = (typeof PAGES)[number];

export const EMPTY_FILTERS: ProjectFilters = { kinds: [], statuses: [], units: [], overdue: false };

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^[1-9]\d{0,9}$/.test(value)) return undefined;
  return Number(value);
}

function listOf<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  if (!value) return [];
  return [...new Set(value.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v)))];
}

/** Reads a view from a query string; anything malformed is ignored rather than breaking the page. */
export function parseViewState(search: string): ViewState {
  const q = new URLSearchParams(search);
  const center = q.get('c')?.split(',').map(Number);
  const zoom = Number(q.get('z'));
  const from = q.get('reported_from') ?? undefined;
  const to = q.get('reported_to') ?? undefined;
  const text = q.get('q')?.trim().slice(0, 100);
  const validCenter =
    center?.length === 2 && center.every(Number.isFinite) && Math.abs(center[0]!) <= 180 && Math.abs(center[1]!) <= 90;
  return {
    center: validCenter ? (center as [number, number]) : undefined,
    zoom: q.has('z') && Number.isFinite(zoom) && zoom >= 0 && zoom <= 22 ? zoom : undefined,
    filters: {
      area: positiveInt(q.get('area')),
      kinds: listOf(q.get('kind'), KIND_CODES),
      statuses: listOf(q.get('status'), STATUSES),
      units: (q.get('unit') ?? '').split(',').map(positiveInt).filter((n): n is number => n !== undefined),
      overdue: q.get('overdue') === 'true',
      from: from && isIsoDate(from) ? from : undefined,
      to: to && isIsoDate(to) ? to : undefined,
      q: text ? text : undefined,
    },
    selected: positiveInt(q.get('sel')),
    lang: q.get('lang') === 'en' ? 'en' : 'zh-CN',
    page: PAGES.find((p) => p === q.get('page')),
    week: parseIsoWeek(q.get('week') ?? '')?.week,
  };
}

/** The filters as the API's query parameters; the URL of the page uses the very same ones. */
export function filterParams(filters: ProjectFilters): URLSearchParams {
  const q = new URLSearchParams();
  if (filters.area !== undefined) q.set('area', String(filters.area));
  if (filters.kinds.length > 0) q.set('kind', filters.kinds.join(','));
  if (filters.statuses.length > 0) q.set('status', filters.statuses.join(','));
  if (filters.units.length > 0) q.set('unit', filters.units.join(','));
  if (filters.overdue) q.set('overdue', 'true');
  if (filters.from) q.set('reported_from', filters.from);
  if (filters.to) q.set('reported_to', filters.to);
  if (filters.q) q.set('q', filters.q);
  return q;
}

/** Writes a view as a query string, leaving out what is at its default. */
export function serializeViewState(view: ViewState): string {
  const q = filterParams(view.filters);
  if (view.center) q.set('c', view.center.map((n) => n.toFixed(5)).join(','));
  if (view.zoom !== undefined) q.set('z', view.zoom.toFixed(2));
  if (view.selected !== undefined) q.set('sel', String(view.selected));
  if (view.lang !== 'zh-CN') q.set('lang', view.lang);
  if (view.page) q.set('page', view.page);
  if (view.page && view.week) q.set('week', view.week);
  const text = q.toString();
  return text ? `?${text}` : '';
}
