import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, parseViewState, serializeViewState, type ViewState } from './viewState.js';

describe('the view state in the URL', () => {
  it('round-trips a full view', () => {
    const view: ViewState = {
      center: [112.61234, 26.90123],
      zoom: 13.5,
      filters: { area: 7, kinds: ['charging', 'drainage'], statuses: ['assigned'], units: [3, 4], overdue: true, from: '2026-01-01', to: '2026-06-30', q: '西湖' },
      selected: 42,
      lang: 'en',
    };
    expect(parseViewState(serializeViewState(view))).toEqual(view);
  });

  it('leaves defaults out of the URL', () => {
    expect(serializeViewState({ filters: EMPTY_FILTERS, lang: 'zh-CN' })).toBe('');
  });

  it('ignores what it cannot read instead of failing', () => {
    const view = parseViewState('?c=abc&z=99&kind=charging,ufo&status=lost&area=-3&reported_from=2026-02-30&sel=x&lang=fr');
    expect(view).toEqual({ center: undefined, zoom: undefined, filters: { ...EMPTY_FILTERS, kinds: ['charging'] }, selected: undefined, lang: 'zh-CN' });
  });
});
