import { useMemo, useState } from 'react';
import { COVERAGE_DEFAULTS, type CoverageKind, type CoverageParams } from '../../../../server/src/domain/coverage.js';
import type { AreaCollection } from '../../api/types.js';
import { coverageFeatures } from '../../map/coverageLayers.js';
import { gapTileUrl, useCoverage, useCoverageChildren, useGaps, type CoverageRequest } from './api.js';

export interface CoverageSettings {
  kind: CoverageKind;
  params: CoverageParams;
}

/**
 * The coverage panel's state, held by the app because the map draws it too:
 * whether it is open, the kind and parameters, the figures of the chosen area
 * and its children, the children as a choropleth, the largest gaps, and
 * the tiles of every gap.
 */
export function useCoverageView(area: number | undefined, areas: AreaCollection | undefined) {
  const [open, setOpen] = useState(false);
  const [settings, setSettings] = useState<CoverageSettings>({ kind: 'charging', params: COVERAGE_DEFAULTS });
  const request: CoverageRequest | undefined = open && area !== undefined ? { area, ...settings } : undefined;
  const headline = useCoverage(request);
  const children = useCoverageChildren(request);
  const active = request !== undefined;
  const features = useMemo(
    () => (active && children.data && areas ? coverageFeatures(children.data, areas) : undefined),
    [active, children.data, areas],
  );
  const gaps = useGaps(request);
  // The tiles follow the ranked list: whenever it is loaded again, so are they.
  const gapTiles = request && gapTileUrl(request, window.location.origin, gaps.dataUpdatedAt ? String(gaps.dataUpdatedAt) : undefined);
  return { open, setOpen, settings, setSettings, request, headline, children, features, gaps: active ? gaps.data : undefined, gapTiles };
}

export type CoverageView = ReturnType<typeof useCoverageView>;
