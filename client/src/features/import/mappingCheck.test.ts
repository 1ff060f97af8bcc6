import { describe, expect, it } from 'vitest';
import { blocksPreview, checkMapping } from './mappingCheck.js';

describe('checking a mapping before the preview', () => {
  it('passes a ledger with key, title, kind and coordinates', () => {
    const check = checkMapping(['ledger_key', 'title', 'kind', null, 'lon', 'lat']);
    expect(check).toEqual({ missing: [], noPlace: false, halfCoordinates: false, repeated: [], noKey: false });
    expect(blocksPreview(check)).toBe(false);
  });

  it('names the required fields no column fills, and waits for them', () => {
    const check = checkMapping(['address', null, 'status']);
    expect(check.missing).toEqual(['title', 'kind']);
    expect(blocksPreview(check)).toBe(true);
  });

  it('takes an address or a geometry as a place, but not one coordinate alone', () => {
    expect(checkMapping(['title', 'kind', 'address']).noPlace).toBe(false);
    expect(checkMapping(['title', 'kind', 'geometry']).noPlace).toBe(false);
    const lonOnly = checkMapping(['title', 'kind', 'lon']);
    expect(lonOnly).toMatchObject({ noPlace: true, halfCoordinates: true });
    expect(blocksPreview(lonOnly)).toBe(true);
  });

  it('waits when a field is chosen for two columns', () => {
    const check = checkMapping(['title', 'kind', 'address', 'address']);
    expect(check.repeated).toEqual(['address']);
    expect(blocksPreview(check)).toBe(true);
  });

  it('only warns when no column is the ledger key', () => {
    const check = checkMapping(['title', 'kind', 'address']);
    expect(check.noKey).toBe(true);
    expect(blocksPreview(check)).toBe(false);
  });
});
