import { describe, expect, it } from 'vitest';
import type { AreaCountFeature } from '../api/types.js';
import { AGGREGATE_CIRCLE_IDS, AGGREGATE_LEVELS, AGGREGATE_SOURCE, aggregateFeatures, aggregateLayers, type AggregateWords } from './aggregateLayers.js';
import { PROJECT_TILE_ZOOMS } from './projectTiles.js';

function counted(id: number, level: 'district' | 'street', total: number, overdue = 0, bbox: AreaCountFeature['bbox'] = [112, 26, 113, 27]): AreaCountFeature {
  return {
    type: 'Feature',
    id,
    bbox,
    geometry: { type: 'Point', coordinates: [112.5, 26.5] },
    properties: { name: `区${id}`, name_en: `Area ${id}`, level, total, open: total, overdue },
  };
}

const zh: AggregateWords = { nameField: 'name', number: (n) => n.toLocaleString('zh-CN'), overdue: (n) => `逾期 ${n}` };


describe('aggregateFeatures', () => {
  it('gives each area its count, name and overdue label at its point, with its box to zoom to', () => {
    const [f] = aggregateFeatures([counted(4, 'district', 1234, 56)], zh).features;
    expect(f).toMatchObject({ id: 4, bbox: [112, 26, 113, 27], geometry: { type: 'Point', coordinates: [112.5, 26.5] } });
    expect(f!.properties).toMatchObject({ level: 'district', total: 1234, overdue: 56, count: '1,234', name: '区4', overdue_label: '逾期 56' });
  });

  it('names the area in the language shown, and says nothing of overdue when none is', () => {
    const [f] = aggregateFeatures([counted(4, 'street', 9)], { ...zh, nameField: 'name_en' }).features;
    expect(f!.properties.name).toBe('Area 4');
    expect(f!.properties.overdue_label).toBe('');
  });

  it("sizes circles by area, not radius: four times the count, twice the radius above the smallest, on each level's own scale", () => {
    const features = aggregateFeatures(
      [counted(1, 'district', 400), counted(2, 'district', 100), counted(3, 'street', 40), counted(4, 'street', 10)],
      zh,
    ).features;
    const radius = (id: number) => features.find((f) => f.id === id)!.properties.radius;
    expect(radius(1)).toBe(radius(3));
    expect(radius(2)).toBe(radius(4));
    const smallest = 11;
    expect((radius(1) - smallest) / (radius(2) - smallest)).toBeCloseTo(2, 0);
  });

  it('keeps a circle large enough for its digits', () => {
    const features = aggregateFeatures([counted(1, 'district', 1_000_000), counted(2, 'district', 12_345)], zh).features;
    for (const f of features) expect(f.properties.min_radius).toBeGreaterThanOrEqual((f.properties.count.length * 12 * 0.6) / 2);
    expect(features[1]!.properties.radius).toBeGreaterThanOrEqual(features[1]!.properties.min_radius);
  });

  it("fits a circle to the narrower side of the area's box", () => {
    const [wide, narrow] = aggregateFeatures([counted(1, 'street', 5, 0, [112, 26, 113, 26.1]), counted(2, 'street', 5, 0, [112, 26, 112.05, 27])], zh).features;
    expect(narrow!.properties.fit).toBeLessThan(wide!.properties.fit);
    // 0.05° of longitude at zoom 0 is 0.05 × 512 / 360 pixels.
    expect(narrow!.properties.fit).toBeCloseTo(0.45 * 0.05 * (512 / 360), 2);
  });

  it('leaves out areas with nothing to count, and levels the map does not draw', () => {
    const community = { ...counted(9, 'street', 3), properties: { ...counted(9, 'street', 3).properties, level: 'community' as const } };
    expect(aggregateFeatures([counted(1, 'street', 0), community], zh).features).toEqual([]);
  });
});

describe('aggregateLayers', () => {
  const layers = aggregateLayers();

  it('draws districts, then streets, and nothing from the zoom the project tiles start', () => {
    expect(AGGREGATE_LEVELS.district.maxzoom).toBe(AGGREGATE_LEVELS.street.minzoom);
    expect(AGGREGATE_LEVELS.street.maxzoom).toBe(PROJECT_TILE_ZOOMS.minzoom);
    for (const layer of layers) {
      expect(layer).toMatchObject({ source: AGGREGATE_SOURCE });
      expect(layer.maxzoom).toBeLessThanOrEqual(PROJECT_TILE_ZOOMS.minzoom);
    }
  });

  it('has the circles a click zooms in from', () => {
    expect(AGGREGATE_CIRCLE_IDS.every((id) => layers.some((l) => l.id === id && l.type === 'circle'))).toBe(true);
  });
});
