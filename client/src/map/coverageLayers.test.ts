import { describe, expect, it } from 'vitest';
import type { AreaCollection, AreaFeature } from '../api/types.js';
import { coverageClasses, coverageFeatures } from './coverageLayers.js';

function area(id: number): AreaFeature {
  return {
    type: 'Feature',
    id,
    bbox: [0, 0, 1, 1],
    geometry: { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] },
    properties: { name: `街道${id}`, name_en: `Street ${id}`, level: 'street', code: String(id), parent: 1, prefecture: null, is_demo: true, label_point: [0.5, 0.5] },
  };
}

const areas: AreaCollection = { type: 'FeatureCollection', features: [area(2), area(3)] };

describe('coverageFeatures', () => {
  it('joins each result to its area, and marks an unknown ratio as no data instead of 0', () => {
    const fc = coverageFeatures(
      [
        { area: { id: 2 }, ratio: 0.25 },
        { area: { id: 3 }, ratio: null },
      ],
      areas,
    );
    expect(fc.features.map((f) => [f.id, f.properties])).toEqual([
      [2, { name: '街道2', name_en: 'Street 2', has_data: true, ratio: 0.25 }],
      [3, { name: '街道3', name_en: 'Street 3', has_data: false }],
    ]);
  });

  it('leaves out a result whose area has no geometry loaded', () => {
    expect(coverageFeatures([{ area: { id: 99 }, ratio: 1 }], areas).features).toEqual([]);
  });
});

describe('coverageClasses', () => {
  it('covers 0 to 1 without gaps', () => {
    const classes = coverageClasses();
    expect(classes[0]!.from).toBe(0);
    expect(classes.at(-1)!.to).toBe(1);
    for (let i = 1; i < classes.length; i++) expect(classes[i]!.from).toBe(classes[i - 1]!.to);
  });
});
