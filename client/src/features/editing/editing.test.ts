import { describe, expect, it } from 'vitest';
import { findKind, KINDS } from '../../../../server/src/domain/kinds/index.js';
import { assembleGeometry, drawToolsFor, splitGeometry } from './drawGeometry.js';
import { fieldKeyOf } from './fieldErrors.js';
import { attributeFields, changedProperties, emptyValues, inputFromValues } from './formValues.js';
import { validateDraft } from './validate.js';

const charging = findKind('charging')!;
const point: GeoJSON.Point = { type: 'Point', coordinates: [112.6, 26.9] };
const TODAY = '2026-03-15';

describe('the form of a kind', () => {
  it('has an input for every attribute of every kind, from its schema', () => {
    for (const kind of KINDS) {
      expect(attributeFields(kind).map((f) => f.name)).toEqual(Object.keys(kind.attributeLabels));
    }
    expect(attributeFields(charging).find((f) => f.name === 'vehicle')).toMatchObject({ type: 'enum', options: ['e-bike', 'car', 'both'] });
    expect(attributeFields(charging).find((f) => f.name === 'piles')).toMatchObject({ type: 'integer', min: 0, max: 10_000 });
  });

  it('offers the drawing tools the kind allows', () => {
    expect(drawToolsFor(findKind('streetlight')!.geometryTypes)).toEqual(['point', 'linestring']);
    expect(drawToolsFor(findKind('compound')!.geometryTypes)).toEqual(['polygon']);
  });
});

describe('checking a draft with the server’s rules', () => {
  const draft = (change: Partial<ReturnType<typeof emptyValues>>) => inputFromValues({ ...emptyValues('charging'), title: '西湖一村充电桩', ...change }, charging);

  it('accepts a complete draft', () => {
    const { input, problems } = draft({ attributes: { piles: '30' } });
    expect(validateDraft(input, point, TODAY, problems)).toEqual([]);
    expect(input.attributes).toEqual({ piles: 30 });
  });

  it('names each field that breaks a rule, by the pointer the API uses', () => {
    const { input, problems } = draft({ title: '  ', reporter_phone: 'call me', attributes: { piles: '1.5', vehicle: 'bus' } });
    const found = validateDraft(input, point, TODAY, problems);
    expect(found.map((p) => p.field).sort()).toEqual(['/properties/attributes/piles', '/properties/attributes/vehicle', '/properties/reporter_phone', '/properties/title']);
    expect(found.find((p) => p.field === '/properties/title')).toMatchObject({ rule: 'blank' });
  });

  it('applies the domain’s date rules and asks for a geometry', () => {
    const { input, problems } = draft({ reported_on: '2026-03-10', deadline: '2026-03-01' });
    expect(validateDraft(input, point, TODAY, problems)).toEqual([expect.objectContaining({ field: '/properties/deadline', reason_zh: '完成时限不能早于上报日期' })]);
    expect(validateDraft(input, null, TODAY, problems).map((p) => p.field)).toContain('/geometry');
  });

  it('reports text that is no number', () => {
    const { problems } = draft({ households_benefited: '1,200' });
    expect(problems).toEqual([{ field: '/properties/households_benefited', rule: 'number' }]);
  });
});

describe('an edit', () => {
  it('sends only what changed, and clears a field emptied by the user', () => {
    const before = inputFromValues({ ...emptyValues('charging'), title: 'A', address: '西湖路', attributes: { piles: '4' } }, charging).input;
    const after = inputFromValues({ ...emptyValues('charging'), title: 'A', address: '', attributes: { piles: '5' } }, charging).input;
    expect(changedProperties(before, after)).toEqual({ address: null, attributes: { piles: 5 } });
  });
});

describe('where an error is shown', () => {
  const fields = new Set(['title', 'attributes.piles']);
  it('goes beside its field, the drawing controls, or the top of the form', () => {
    expect(fieldKeyOf('/properties/title', fields)).toBe('title');
    expect(fieldKeyOf('/properties/attributes/piles', fields)).toBe('attributes.piles');
    expect(fieldKeyOf('/geometry/coordinates/0', fields)).toBe('geometry');
    expect(fieldKeyOf('/properties/attributes/ufo', fields)).toBe('form');
    expect(fieldKeyOf('/querystring/version', fields)).toBe('form');
  });
});

describe('geometry in terra-draw', () => {
  it('edits a MultiPolygon part by part and puts it back together', () => {
    const square = (x: number): GeoJSON.Position[][] => [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 0]]];
    const multi: GeoJSON.MultiPolygon = { type: 'MultiPolygon', coordinates: [square(0), square(2)] };
    expect(assembleGeometry(splitGeometry(multi), ['Polygon', 'MultiPolygon'])).toEqual(multi);
    expect(assembleGeometry([{ type: 'Polygon', coordinates: square(0) }], ['Polygon', 'MultiPolygon'])).toEqual({ type: 'Polygon', coordinates: square(0) });
    expect(assembleGeometry([], ['Point'])).toBeNull();
  });
});
