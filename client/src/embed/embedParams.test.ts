import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../state/viewState.js';
import { appSearch, filtersLeftOut, parseEmbedParams } from './embedParams.js';

function parse(search: string) {
  const warnings: string[] = [];
  return { params: parseEmbedParams(search, (m) => warnings.push(m)), warnings };
}

describe('an embed address', () => {
  it('reads an area, kinds, statuses and the language', () => {
    expect(parse('?area=33&kinds=streetlight,drainage&status=assigned,in_progress&lang=en')).toEqual({
      params: { area: 33, kinds: ['streetlight', 'drainage'], statuses: ['assigned', 'in_progress'], lang: 'en' },
      warnings: [],
    });
  });

  it('is in Chinese unless it says otherwise', () => {
    expect(parse('').params).toEqual({ area: undefined, kinds: [], statuses: [], lang: 'zh-CN' });
    expect(parse('?lang=zh').params.lang).toBe('zh-CN');
  });

  it('ignores what it cannot use, with a warning naming the parameter, and keeps the rest', () => {
    const { params, warnings } = parse('?area=abc&kinds=streetlight,rocket&status=done&lang=fr');
    expect(params).toEqual({ area: undefined, kinds: ['streetlight'], statuses: [], lang: 'zh-CN' });
    expect(warnings).toHaveLength(4);
    expect(warnings.join('\n')).toMatch(/area: ignoring "abc"/);
    expect(warnings.join('\n')).toMatch(/kinds: ignoring rocket/);
    expect(warnings.join('\n')).toMatch(/status: ignoring done/);
    expect(warnings.join('\n')).toMatch(/lang: ignoring "fr"/);
  });

  it('opens the full app with the same filters, place and language', () => {
    const params = { area: 33, kinds: ['charging' as const], statuses: [], lang: 'en' as const };
    expect(appSearch(params, { center: [112.6, 26.9], zoom: 13 }, 7)).toBe('?area=33&kind=charging&c=112.60000%2C26.90000&z=13.00&sel=7&lang=en');
  });
});

describe('filters an embed cannot carry', () => {
  it('are named, so the snippet builder can say so', () => {
    expect(filtersLeftOut(EMPTY_FILTERS)).toEqual([]);
    expect(filtersLeftOut({ ...EMPTY_FILTERS, units: [3], overdue: true, from: '2024-01-01', q: '路灯' })).toEqual(['unit', 'overdue', 'reported', 'q']);
  });
});
