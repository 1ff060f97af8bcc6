import type { GeometryType } from '../../../../server/src/domain/kinds/index.js';

/** terra-draw's drawing modes that make the geometry types a kind allows. */
export type DrawTool = 'point' | 'linestring' | 'polygon';

const TOOL_OF: Record<GeometryType, DrawTool> = { Point: 'point', LineString: 'linestring', Polygon: 'polygon', MultiPolygon: 'polygon' };

export function drawToolsFor(types: readonly GeometryType[]): DrawTool[] {
  return [...new Set(types.map((t) => TOOL_OF[t]))];
}

export function toolOf(geometry: GeoJSON.Geometry): DrawTool | undefined {
  return TOOL_OF[geometry.type as GeometryType];
}

/** The parts terra-draw can hold: it has no multi-part features, so a MultiPolygon is edited polygon by polygon. */
export function splitGeometry(geometry: GeoJSON.Geometry): GeoJSON.Geometry[] {
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  return [geometry];
}

/** The project's geometry from the drawn parts, as the kind allows it; null when nothing is drawn. */
export function assembleGeometry(parts: readonly GeoJSON.Geometry[], allowed: readonly GeometryType[]): GeoJSON.Geometry | null {
  if (parts.length === 0) return null;
  const polygons = parts.filter((p): p is GeoJSON.Polygon => p.type === 'Polygon');
  const wantsMulti = allowed.includes('MultiPolygon') && (polygons.length > 1 || !allowed.includes('Polygon'));
  if (wantsMulti && polygons.length === parts.length) {
    return { type: 'MultiPolygon', coordinates: polygons.map((p) => p.coordinates) };
  }
  return parts[0]!;
}
