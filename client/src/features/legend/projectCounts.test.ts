import { describe, expect, it } from 'vitest';
import type { ProjectListFeature } from '../../api/types.js';
import { countsOfFeatures, countsOfSummary } from './projectCounts.js';

function project(kind: string, overdue: boolean, is_demo: boolean): ProjectListFeature {
  return { type: 'Feature', id: 1, geometry: { type: 'Point', coordinates: [112, 26] }, properties: { kind, overdue, is_demo } } as unknown as ProjectListFeature;
}

describe('project counts', () => {
  it('are the same whether counted from the projects or by the server', () => {
    const fromFeatures = countsOfFeatures([project('charging', true, false), project('charging', false, true), project('drainage', false, false)]);
    const fromSummary = countsOfSummary({ total: 3, overdue: 1, demo: 1, by_kind: { charging: 2, drainage: 1 }, changed_at: '2026-11-24T08:00:00.000000Z' });
    expect(fromFeatures).toEqual(fromSummary);
    expect(fromFeatures).toEqual({ total: 3, overdue: 1, hasDemo: true, byKind: new Map([['charging', 2], ['drainage', 1]]) });
  });

  it('say there is no demo data when none of the projects is', () => {
    expect(countsOfFeatures([project('charging', false, false)]).hasDemo).toBe(false);
    expect(countsOfSummary({ total: 5, overdue: 0, demo: 0, by_kind: { charging: 5 }, changed_at: null }).hasDemo).toBe(false);
  });
});
