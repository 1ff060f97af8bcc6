import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, parseViewState, type ProjectFilters } from '../../state/viewState.js';
import { exportUrl } from './exportUrl.js';

const filters: ProjectFilters = {
  area: 33,
  kinds: ['streetlight', 'drainage'],
  statuses: ['in_progress'],
  units: [4, 9],
  overdue: true,
  from: '2026-01-01',
  to: '2026-03-31',
  q: '桑园路',
};

describe('the export address', () => {
  it('selects the same projects as the view: its filters read back unchanged', () => {
    const url = new URL(exportUrl(filters, 'xlsx'), 'http://map.example.cn');
    expect(url.pathname).toBe('/api/projects/export');
    expect(parseViewState(url.search).filters).toEqual(filters);
  });

  it('names the format, and nothing else when nothing is filtered', () => {
    expect(exportUrl(EMPTY_FILTERS, 'geojson')).toBe('/api/projects/export?format=geojson');
    expect(new URL(exportUrl(filters, 'csv'), 'http://x').searchParams.get('format')).toBe('csv');
  });
});
