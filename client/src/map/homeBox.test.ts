import { describe, expect, it } from 'vitest';
import type { AreaCollection } from '../api/types.js';
import { homeBox } from './homeBox.js';

const area = (level: string, bbox: number[]) => ({ type: 'Feature', id: bbox[0], bbox, geometry: { type: 'Polygon', coordinates: [] }, properties: { level } });
const collection = (...features: ReturnType<typeof area>[]) => ({ type: 'FeatureCollection', features }) as unknown as AreaCollection;

describe('where the map opens', () => {
  it('stays on the demo’s 石鼓区 while a district lies there', () => {
    expect(homeBox(collection(area('district', [112.5, 26.8, 112.7, 27.0]), area('district', [113, 28, 113.3, 28.3])))).toBeUndefined();
  });

  it('opens on a real district’s own areas, all of them, streets not widening it', () => {
    expect(homeBox(collection(area('district', [113, 28, 113.3, 28.3]), area('district', [113.3, 28.1, 113.5, 28.4]), area('street', [100, 20, 101, 21])))).toEqual([113, 28, 113.5, 28.4]);
  });

  it('has no opinion before the districts are known, or when there are none', () => {
    expect(homeBox(undefined)).toBeUndefined();
    expect(homeBox(collection())).toBeUndefined();
  });
});
