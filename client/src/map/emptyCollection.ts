import type { FeatureCollection } from 'geojson';

/** What a GeoJSON source holds before it has data, or when it has none to show. MapLibre copies it to its worker; nothing changes it. */
export const EMPTY_COLLECTION: FeatureCollection = { type: 'FeatureCollection', features: [] };
