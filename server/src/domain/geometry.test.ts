import { describe, expect, it } from 'vitest';
import { geometryErrors, MAX_VERTICES } from './geometry.js';

const square = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]];

describe('geometryErrors', () => {
  it('accepts well-formed geometries of the allowed types', () => {
    expect(geometryErrors({ type: 'Point', coordinates: [112.6, 26.9] }, ['Point'])).toEqual([]);
    expect(geometryErrors({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, ['LineString'])).toEqual([]);
    expect(geometryErrors({ type: 'Polygon', coordinates: square }, ['Polygon'])).toEqual([]);
    expect(geometryErrors({ type: 'MultiPolygon', coordinates: [square] }, ['MultiPolygon'])).toEqual([]);
  });

  it('names the type the kind allows when another is given', () => {
    const [error] = geometryErrors({ type: 'Polygon', coordinates: square }, ['Point', 'LineString']);
    expect(error).toMatchObject({ field: '/geometry/type', reason: expect.stringMatching(/Point or LineString/) });
  });

  it('points at the exact offending position', () => {
    const errors = geometryErrors({ type: 'LineString', coordinates: [[0, 0], [0, 95]] }, ['LineString']);
    expect(errors).toEqual([expect.objectContaining({ field: '/geometry/coordinates/1/1' })]);
  });

  it('refuses a bow-tie polygon', () => {
    const bowtie = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]];
    expect(geometryErrors({ type: 'Polygon', coordinates: bowtie }, ['Polygon'])[0]?.reason).toMatch(/crosses itself/);
  });

  it('refuses more than the vertex limit', () => {
    const line = Array.from({ length: MAX_VERTICES + 1 }, (_, i) => [i * 1e-6, 0]);
    expect(geometryErrors({ type: 'LineString', coordinates: line }, ['LineString'])[0]?.reason).toMatch(/too many vertices/);
  });

  it('refuses a multipolygon with an empty part', () => {
    expect(geometryErrors({ type: 'MultiPolygon', coordinates: [square, []] }, ['MultiPolygon'])[0]).toMatchObject({
      field: '/geometry/coordinates/1',
      reason: 'geometry is empty',
    });
  });
});
