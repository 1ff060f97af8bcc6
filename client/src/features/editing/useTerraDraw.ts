import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  ValidateNotSelfIntersecting,
  type GeoJSONStoreFeatures,
  type HexColor,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { GeometryType } from '../../../../server/src/domain/kinds/index.js';
import { assembleGeometry, splitGeometry, toolOf, type DrawTool } from './drawGeometry.js';

export type DrawPhase = 'idle' | 'drawing' | 'drawn';

export interface Drawing {
  /** Nothing drawn yet, a shape being drawn, or a shape on the map that can be moved and reshaped. */
  phase: DrawPhase;
  tool: DrawTool | null;
  /** The geometry differs from the one the editor started with. */
  changed: boolean;
  startDrawing(tool: DrawTool): void;
  /** Puts a point at the centre of the map: drawing without a pointer. */
  placeAtCentre(): void;
  /** Replaces what is drawn (a reloaded project, or the user's own shape put back). */
  load(geometry: GeoJSON.Geometry | null, changed: boolean): void;
  /** Removes parts of a type the (newly chosen) kind does not allow. */
  keepOnly(tools: readonly DrawTool[]): void;
  /** The geometry as the kind takes it, or null when nothing is drawn. */
  geometry(): GeoJSON.Geometry | null;
}

const DRAW_TOOLS: readonly string[] = ['point', 'linestring', 'polygon'] satisfies DrawTool[];
const OUTLINE: HexColor = '#ffffff';
const PREFIX = 'editing-draw';

/** Polygons may not cross themselves: the server refuses them, so the drawing does too. */
const notSelfIntersecting = (feature: GeoJSONStoreFeatures) =>
  feature.geometry.type === 'Polygon' ? ValidateNotSelfIntersecting(feature) : { valid: true };

function styles(colour: HexColor) {
  return {
    point: { pointColor: colour, pointWidth: 7, pointOutlineColor: OUTLINE, pointOutlineWidth: 2 },
    linestring: { lineStringColor: colour, lineStringWidth: 4, closingPointColor: colour, closingPointOutlineColor: OUTLINE },
    polygon: { fillColor: colour, fillOpacity: 0.3, outlineColor: colour, outlineWidth: 3, closingPointColor: colour, closingPointOutlineColor: OUTLINE },
    select: {
      selectedPointColor: colour,
      selectedPointWidth: 9,
      selectedPointOutlineColor: OUTLINE,
      selectedPointOutlineWidth: 3,
      selectedLineStringColor: colour,
      selectedLineStringWidth: 5,
      selectedPolygonColor: colour,
      selectedPolygonFillOpacity: 0.35,
      selectedPolygonOutlineColor: colour,
      selectedPolygonOutlineWidth: 3,
      selectionPointColor: colour,
      selectionPointOutlineColor: OUTLINE,
      midPointColor: OUTLINE,
      midPointOutlineColor: colour,
    },
  } as const;
}

function createModes(colour: HexColor) {
  const s = styles(colour);
  const reshape = { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } };
  return [
    new TerraDrawPointMode({ styles: s.point }),
    new TerraDrawLineStringMode({ styles: s.linestring }),
    new TerraDrawPolygonMode({ styles: s.polygon, validation: notSelfIntersecting }),
    new TerraDrawSelectMode({
      styles: s.select,
      keyEvents: { deselect: 'Escape', delete: null, rotate: null, scale: null },
      flags: {
        point: { feature: { draggable: true } },
        linestring: { feature: reshape },
        polygon: { feature: { ...reshape, validation: notSelfIntersecting } },
      },
    }),
  ];
}

function asStoreFeature(geometry: GeoJSON.Geometry): GeoJSONStoreFeatures {
  return { type: 'Feature', geometry, properties: { mode: toolOf(geometry) ?? 'point' } } as GeoJSONStoreFeatures;
}

/**
 * terra-draw on the live map for one project's geometry: draw it with the
 * point, line or polygon mode, then move and reshape it with the select mode.
 * Everything it adds to the map is removed when the editor goes away.
 */
export function useTerraDraw(
  map: MapLibreMap | null,
  options: { allowed: readonly GeometryType[]; colour: string; initial: GeoJSON.Geometry | null; startWith?: DrawTool },
): Drawing {
  const drawRef = useRef<TerraDraw | null>(null);
  const initialRef = useRef(options.initial);
  const startWith = options.initial ? undefined : options.startWith;
  const startWithRef = useRef(startWith);
  const colourRef = useRef(options.colour as HexColor);
  const [phase, setPhase] = useState<DrawPhase>(options.initial ? 'drawn' : startWith ? 'drawing' : 'idle');
  const [tool, setTool] = useState<DrawTool | null>(options.initial ? (toolOf(options.initial) ?? null) : (startWith ?? null));
  const [changed, setChanged] = useState(false);
  const unchangedGeometry = useRef(options.initial);

  const drawnFeatures = (draw: TerraDraw) => draw.getSnapshot().filter((f) => DRAW_TOOLS.includes(String(f.properties.mode)));

  const show = useCallback((draw: TerraDraw, geometry: GeoJSON.Geometry | null) => {
    draw.removeFeatures(drawnFeatures(draw).map((f) => f.id!));
    draw.setMode('select');
    if (!geometry) return;
    const parts = splitGeometry(geometry);
    draw.addFeatures(parts.map(asStoreFeature));
    const ids = drawnFeatures(draw).map((f) => f.id!);
    if (ids.length === 1) draw.selectFeature(ids[0]!);
  }, []);

  useEffect(() => {
    if (!map) return;
    const draw = new TerraDraw({ adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: PREFIX }), modes: createModes(colourRef.current) });
    draw.start();
    drawRef.current = draw;
    show(draw, initialRef.current);
    if (startWithRef.current) draw.setMode(startWithRef.current);
    draw.on('finish', (id, context) => {
      setChanged(true);
      if (context.action !== 'draw') return;
      // One shape per project: once drawn, it is moved and reshaped, not added to.
      setPhase('drawn');
      draw.setMode('select');
      draw.selectFeature(id);
    });
    return () => {
      drawRef.current = null;
      draw.stop();
    };
  }, [map, show]);

  useEffect(() => {
    colourRef.current = options.colour as HexColor;
    const draw = drawRef.current;
    if (!draw) return;
    const s = styles(colourRef.current);
    draw.updateModeOptions<typeof TerraDrawPointMode>('point', { styles: s.point });
    draw.updateModeOptions<typeof TerraDrawLineStringMode>('linestring', { styles: s.linestring });
    draw.updateModeOptions<typeof TerraDrawPolygonMode>('polygon', { styles: s.polygon });
    draw.updateModeOptions<typeof TerraDrawSelectMode>('select', { styles: s.select });
  }, [options.colour]);

  const startDrawing = useCallback((next: DrawTool) => {
    const draw = drawRef.current;
    if (!draw) return;
    draw.removeFeatures(drawnFeatures(draw).map((f) => f.id!));
    draw.setMode(next);
    setTool(next);
    setPhase('drawing');
    setChanged(true);
  }, []);

  const load = useCallback(
    (geometry: GeoJSON.Geometry | null, isChange: boolean) => {
      const draw = drawRef.current;
      if (draw) show(draw, geometry);
      if (!isChange) unchangedGeometry.current = geometry;
      setTool(geometry ? (toolOf(geometry) ?? null) : null);
      setPhase(geometry ? 'drawn' : 'idle');
      setChanged(isChange);
    },
    [show],
  );

  const placeAtCentre = useCallback(() => {
    if (!map) return;
    const { lng, lat } = map.getCenter();
    load({ type: 'Point', coordinates: [lng, lat] }, true);
  }, [map, load]);

  const keepOnly = useCallback((tools: readonly DrawTool[]) => {
    const draw = drawRef.current;
    if (!draw) return;
    const unfit = draw.getSnapshot().filter((f) => DRAW_TOOLS.includes(String(f.properties.mode)) && !tools.includes(f.properties.mode as DrawTool));
    if (unfit.length === 0 && (tool === null || tools.includes(tool))) return;
    draw.removeFeatures(unfit.map((f) => f.id!));
    draw.setMode('select');
    const left = drawnFeatures(draw).length > 0;
    setPhase(left ? 'drawn' : 'idle');
    setTool(left ? tool : null);
  }, [tool]);

  const geometry = useCallback((): GeoJSON.Geometry | null => {
    const draw = drawRef.current;
    if (!changed || !draw) return unchangedGeometry.current;
    if (phase === 'drawing') return null;
    return assembleGeometry(drawnFeatures(draw).map((f) => f.geometry as GeoJSON.Geometry), options.allowed);
  }, [changed, phase, options.allowed]);

  return { phase, tool, changed, startDrawing, placeAtCentre, load, keepOnly, geometry };
}
