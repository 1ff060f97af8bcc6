import { KIND_CODES, type KindCode } from '../../../server/src/domain/kinds/index.js';
import { STATUSES, type Status } from '../../../server/src/domain/status.js';
import { EMPTY_FILTERS, serializeViewState, type Language, type ProjectFilters } from '../state/viewState.js';

/**
 * What an embed shows, as its address holds it: `/embed?area=&kinds=&status=&lang=`.
 * Fewer filters than the app on purpose: a news page embeds a place, some
 * kinds and some statuses, in one of the two languages.
 */
export interface EmbedParams {
  area?: number;
  kinds: KindCode[];
  statuses: Status[];
  lang: Language;
}

export const EMBED_PATH = '/embed';

/** `lang=` in an embed's address, by the interface language it stands for. */
const LANG_PARAM: Record<Language, string> = { 'zh-CN': 'zh', en: 'en' };

function listOf<T extends string>(name: string, value: string | null, allowed: readonly T[], warn: (message: string) => void): T[] {
  if (value === null || value.trim() === '') return [];
  const items = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  const unknown = items.filter((v) => !(allowed as readonly string[]).includes(v));
  if (unknown.length > 0) warn(`${name}: ignoring ${unknown.join(', ')}; expected some of ${allowed.join(', ')}`);
  return [...new Set(items.filter((v): v is T => (allowed as readonly string[]).includes(v)))];
}

/**
 * Reads an embed's address. A value it cannot use is left out with a warning
 * (the page that embeds us is someone else's, and a typo there must still show
 * a map, never a blank frame).
 */
export function parseEmbedParams(search: string, warn: (message: string) => void = console.warn): EmbedParams {
  const q = new URLSearchParams(search);
  const say = (message: string) => warn(`embed: ${message}`);
  const area = q.get('area');
  const lang = q.get('lang');
  const validArea = area !== null && /^[1-9]\d{0,9}$/.test(area);
  if (area !== null && !validArea) say(`area: ignoring ${JSON.stringify(area)}; expected an area id`);
  const validLang = lang === null || lang === 'zh' || lang === 'zh-CN' || lang === 'en';
  if (!validLang) say(`lang: ignoring ${JSON.stringify(lang)}; expected zh or en`);
  return {
    area: validArea ? Number(area) : undefined,
    kinds: listOf('kinds', q.get('kinds'), KIND_CODES, say),
    statuses: listOf('status', q.get('status'), STATUSES, say),
    lang: lang === 'en' ? 'en' : 'zh-CN',
  };
}

/** An embed's address (path and query) for these params; `lang` is always written, so a snippet says which it chose. */
export function embedSearch(params: EmbedParams): string {
  const q = new URLSearchParams();
  if (params.area !== undefined) q.set('area', String(params.area));
  if (params.kinds.length > 0) q.set('kinds', params.kinds.join(','));
  if (params.statuses.length > 0) q.set('status', params.statuses.join(','));
  q.set('lang', LANG_PARAM[params.lang]);
  // Commas are safe in a query; keeping them makes the snippet readable.
  return `?${q.toString().replaceAll('%2C', ',')}`;
}

/** The app's filters for what an embed shows. */
export function embedFilters(params: EmbedParams): ProjectFilters {
  return { ...EMPTY_FILTERS, area: params.area, kinds: params.kinds, statuses: params.statuses };
}

/** The filters of the app's view that an embed cannot carry, by their query parameter names. */
export function filtersLeftOut(filters: ProjectFilters): string[] {
  const left: string[] = [];
  if (filters.units.length > 0) left.push('unit');
  if (filters.overdue) left.push('overdue');
  if (filters.from || filters.to) left.push('reported');
  if (filters.q) left.push('q');
  return left;
}

/** The full app at the embed's view, for the "open the map" link. */
export function appSearch(params: EmbedParams, camera: { center?: [number, number]; zoom?: number }, selected: number | undefined): string {
  return serializeViewState({ ...camera, filters: embedFilters(params), selected, lang: params.lang });
}
