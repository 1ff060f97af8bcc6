import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import type { UnplacedRowOutput } from '../../../../server/src/domain/ledgerImport.js';
import { invalidateProjectViews } from '../../api/queries.js';
import { importKeys, placeRow } from './api.js';

export interface MapPlacing {
  /** The row waiting for a click on the map, if any. */
  target: UnplacedRowOutput | undefined;
  /** A click places a point (or takes the known compound there); `outline` waits for a compound's outline to be drawn (待勾画). */
  mode: PlacingMode;
  start(row: UnplacedRowOutput, mode?: PlacingMode): void;
  /** Places the target as the outline drawn. */
  saveOutline(geometry: GeoJSON.Geometry): void;
  cancel(): void;
  /** Places the target where the map's centre is: the way to place it by keyboard. */
  placeAtCentre(): void;
  saving: boolean;
  error: unknown;
  /** The row placed last, for the panel to say so. */
  placed: UnplacedRowOutput | undefined;
}

export type PlacingMode = 'point' | 'outline';

/** The class the map's container wears while a click places a row: a crosshair instead of the pointer. */
const PLACING_CLASS = 'map-placing';

/**
 * Placing an unplaced ledger row: after `start`, the next click on the map
 * (or Escape to give up) says where it is, and the server makes it a
 * project there. A refused place (outside China) leaves the mode on for
 * another click. Only while `active`: the list of rows is what is shown.
 */
export function useMapPlacing(map: MapLibreMap | null, active: boolean, onPlaced: (projectId: number) => void): MapPlacing {
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<UnplacedRowOutput>();
  const [mode, setMode] = useState<PlacingMode>('point');
  // Leaving the list (the editor or another panel took its place) gives up the row being placed.
  if (!active && target) setTarget(undefined);
  const place = useMutation({
    mutationFn: ({ row, place }: { row: UnplacedRowOutput; place: { lon: number; lat: number } | { geometry: GeoJSON.Geometry } }) => placeRow(row, place),
    onSuccess: ({ project_id }, { row }) => {
      queryClient.setQueryData<UnplacedRowOutput[]>(importKeys.unplaced, (rows) =>
        rows?.filter((r) => r.import_id !== row.import_id || r.row_number !== row.row_number),
      );
      void queryClient.invalidateQueries({ queryKey: importKeys.unplaced });
      invalidateProjectViews(queryClient);
      setTarget(undefined);
      onPlaced(project_id);
    },
  });
  const { mutate, isPending } = place;

  useEffect(() => {
    if (!map || !target || mode !== 'point') return;
    const container = map.getContainer();
    container.classList.add(PLACING_CLASS);
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setTarget(undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      container.classList.remove(PLACING_CLASS);
      window.removeEventListener('keydown', onKey);
    };
  }, [map, target, mode]);

  // While a place is being saved, another click must not send a second one.
  useEffect(() => {
    // While an outline is drawn, the clicks are the drawing's.
    if (!map || !target || isPending || mode !== 'point') return;
    const onClick = (event: MapMouseEvent) => mutate({ row: target, place: { lon: event.lngLat.lng, lat: event.lngLat.lat } });
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [map, target, isPending, mutate, mode]);

  const start = (row: UnplacedRowOutput, how: PlacingMode = 'point') => {
    place.reset();
    // The outline is drawn where the ledger put the compound.
    if (how === 'outline' && row.point && map) map.jumpTo({ center: row.point as [number, number], zoom: Math.max(map.getZoom(), 16) });
    setMode(how);
    setTarget(row);
  };

  return {
    target,
    mode,
    start,
    saveOutline: (geometry) => {
      if (target && !isPending) mutate({ row: target, place: { geometry } });
    },
    cancel: () => setTarget(undefined),
    placeAtCentre: () => {
      if (!map || !target || isPending || mode !== 'point') return;
      const { lng, lat } = map.getCenter();
      mutate({ row: target, place: { lon: lng, lat } });
    },
    saving: isPending,
    error: place.error,
    placed: place.isSuccess ? place.variables.row : undefined,
  };
}
