import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../state/viewState.js';
import { projectDrawMode, projectTileUrl, scopedToUnit, tileVersion, viewBox } from './projectTiles.js';

describe('projectDrawMode', () => {
  it('draws every project up to the threshold, and tiles above it', () => {
    expect(projectDrawMode(20_000, 311)).toBe('geojson');
    expect(projectDrawMode(20_000, 20_000)).toBe('geojson');
    expect(projectDrawMode(20_000, 20_001)).toBe('tiles');
  });

  it('waits for the count, and for the configuration', () => {
    expect(projectDrawMode(20_000, undefined)).toBeUndefined();
    expect(projectDrawMode(undefined, 5)).toBeUndefined();
  });

  it('draws tiles always at a threshold of 0, without waiting for the count', () => {
    expect(projectDrawMode(0, undefined)).toBe('tiles');
    expect(projectDrawMode(0, 0)).toBe('tiles');
  });
});

describe('projectTileUrl', () => {
  const origin = 'https://map.example.gov.cn';

  it('is the tile template, with no query when nothing is filtered', () => {
    expect(projectTileUrl(EMPTY_FILTERS, origin)).toBe('https://map.example.gov.cn/tiles/projects/{z}/{x}/{y}.mvt');
  });

  it("carries the list's filters as the list's query parameters", () => {
    const url = projectTileUrl(
      { area: 12, kinds: ['charging', 'drainage'], statuses: ['reported'], units: [3, 4], overdue: true, from: '2026-01-01', to: '2026-03-31', q: '桑园路' },
      origin,
    );
    const [path, query] = url.split('?');
    expect(path).toBe('https://map.example.gov.cn/tiles/projects/{z}/{x}/{y}.mvt');
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({
      area: '12',
      kind: 'charging,drainage',
      status: 'reported',
      unit: '3,4',
      overdue: 'true',
      reported_from: '2026-01-01',
      reported_to: '2026-03-31',
      q: '桑园路',
    });
  });

  it('carries the version of the data as v, which moves with any edit, join, leave or delete', () => {
    const at = '2026-11-24T08:00:00.123456Z';
    const version = tileVersion({ total: 41, changed_at: at });
    expect(new URL(projectTileUrl({ ...EMPTY_FILTERS, kinds: ['charging'] }, origin, version)).searchParams.get('v')).toBe(version);
    // An edit (a later change), a delete (one fewer) and no project at all each give another version.
    const versions = [version, tileVersion({ total: 41, changed_at: '2026-11-24T08:00:01.000000Z' }), tileVersion({ total: 40, changed_at: at }), tileVersion({ total: 0, changed_at: null })];
    expect(new Set(versions).size).toBe(4);
    expect(versions.every((v) => /^[A-Za-z0-9._:-]{1,64}$/.test(v))).toBe(true);
  });
});

describe('scopedToUnit', () => {
  it("cuts a unit user's tiles to its unit, as the server cuts its list", () => {
    expect(scopedToUnit(EMPTY_FILTERS, 7).units).toEqual([7]);
    expect(scopedToUnit({ ...EMPTY_FILTERS, units: [7, 8] }, 7).units).toEqual([7]);
  });

  it('leaves everyone else, and filters naming other units only, as they are', () => {
    expect(scopedToUnit(EMPTY_FILTERS, null)).toBe(EMPTY_FILTERS);
    const others = { ...EMPTY_FILTERS, units: [8] };
    expect(scopedToUnit(others, 7)).toBe(others);
  });
});

describe('viewBox', () => {
  it('rounds the bounds to five decimals', () => {
    expect(viewBox([[112.5512345, 26.8698765], [112.6801234, 26.9601239]])).toEqual([112.55123, 26.86988, 112.68012, 26.96012]);
  });

  it('keeps within the world when the map shows more than one', () => {
    expect(viewBox([[-250.5, -95], [310.2, 91]])).toEqual([-180, -90, 180, 90]);
  });
});
