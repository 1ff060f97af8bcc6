import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreaCounts, useProjects, useProjectSummary, useProjectsInView } from '../../api/queries.js';
import type { ProjectListFeature } from '../../api/types.js';
import { AGGREGATE_LEVEL_NAMES, aggregateFeatures } from '../../map/aggregateLayers.js';
import type { ProjectTiles } from '../../map/MapView.js';
import { projectDrawMode, projectTileUrl, scopedToUnit, tileVersion, type DrawMode } from '../../map/projectTiles.js';
import type { ProjectFilters } from '../../state/viewState.js';
import { countsOfFeatures, countsOfSummary, type ProjectCounts } from '../legend/projectCounts.js';
import type { InViewPaging } from './ProjectList.js';
import { useFollowChanges } from './useFollowChanges.js';

type Box = [number, number, number, number];

interface MapProjectsOptions {
  /** The server's mapTileThreshold; undefined until the configuration is there. */
  threshold: number | undefined;
  /** A unit user's unit, to which the tiles are cut as its list is. */
  unitId: number | null | undefined;
  nameField: 'name' | 'name_en';
  /** The box the map shows, for the list beside a tiled map. */
  viewBox: Box | undefined;
  /** What every request made here carries besides (the embed's: no cookies). */
  init?: RequestInit;
  /** How often to ask whether the selection changed elsewhere (see useFollowChanges); never when absent. */
  followChangesMs?: number;
}

export interface MapProjects {
  /** How the map draws them; undefined until the first count is known. */
  mode: DrawMode | undefined;
  /** Every project the filters select, in GeoJSON mode (empty until loaded). */
  features: ProjectListFeature[];
  /** The same for the map: undefined until loaded, and in tiles mode. */
  drawn: ProjectListFeature[] | undefined;
  /** The projects in view loaded so far, in tiles mode. */
  inView: ProjectListFeature[];
  inViewPaging: InViewPaging | undefined;
  tiles: ProjectTiles | undefined;
  counts: ProjectCounts | undefined;
  error: Error | null;
  retry(): void;
}

const NO_FEATURES: ProjectListFeature[] = [];

/** Counts as a circle can hold them: 1.2万 in Chinese, 12K in English. */
function compactNumber(language: string): (n: number) => string {
  const format = new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 1 });
  return (n) => format.format(n);
}

/**
 * The projects for the map, the list and the legend. A small selection is
 * loaded whole and drawn from GeoJSON, as always; above the threshold the map
 * draws tiles and counts per area, the legend shows the server's counts, and
 * the list pages through what is in view. The mode is decided on the count
 * for the current filters: until it is known nothing is loaded, and the map
 * keeps drawing as it did.
 */
export function useMapProjects(filters: ProjectFilters, options: MapProjectsOptions): MapProjects {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { init } = options;
  const summary = useProjectSummary(filters, { enabled: options.threshold !== undefined, init, refetchInterval: options.followChangesMs });
  const decided = projectDrawMode(options.threshold, summary.isPlaceholderData ? undefined : summary.data?.total);
  const [mode, setMode] = useState(decided);
  if (decided !== undefined && decided !== mode) setMode(decided);
  const tiled = mode === 'tiles';

  const projects = useProjects(filters, decided === 'geojson', init);
  const areaCounts = useAreaCounts(filters, AGGREGATE_LEVEL_NAMES, tiled, init);
  const pages = useProjectsInView(filters, options.viewBox, tiled, init);
  const inViewSummary = useProjectSummary(filters, { bbox: options.viewBox, enabled: tiled && options.viewBox !== undefined, init });

  const features = projects.data?.features ?? NO_FEATURES;
  const inView = useMemo(() => pages.data?.pages.flatMap((p) => p.features) ?? NO_FEATURES, [pages.data]);
  // The URL follows the summary of the current filters, not the filters alone:
  // a URL made while that summary loads would be replaced by the versioned one
  // a moment later, and every tile in view fetched twice.
  const current = summary.data && !summary.isPlaceholderData ? summary.data : undefined;
  const version = current ? tileVersion(current) : undefined;
  useFollowChanges(filters, version);
  const nextUrl = version ? projectTileUrl(scopedToUnit(filters, options.unitId), window.location.origin, version) : undefined;
  const [url, setUrl] = useState(nextUrl);
  if (nextUrl !== undefined && nextUrl !== url) setUrl(nextUrl);
  const { nameField } = options;
  const aggregates = useMemo(
    () =>
      areaCounts.data
        ? aggregateFeatures(areaCounts.data, { nameField, number: compactNumber(language), overdue: (count) => t('map.overdueCount', { count }) })
        : undefined,
    [areaCounts.data, nameField, language, t],
  );
  const tiles = useMemo(() => (tiled && url ? { url, aggregates } : undefined), [tiled, url, aggregates]);
  const counts = useMemo(() => {
    if (mode === 'geojson') return projects.data ? countsOfFeatures(projects.data.features) : undefined;
    return summary.data ? countsOfSummary(summary.data) : undefined;
  }, [mode, projects.data, summary.data]);

  const failed = [summary, projects, areaCounts, pages].find((q) => q.isError);
  return {
    mode,
    features,
    drawn: mode === 'geojson' ? projects.data?.features : undefined,
    inView,
    inViewPaging: tiled
      ? {
          total: inViewSummary.data?.total,
          hasMore: pages.hasNextPage,
          loadingMore: pages.isFetchingNextPage,
          onMore: () => void pages.fetchNextPage(),
        }
      : undefined,
    tiles,
    counts,
    error: failed?.error ?? null,
    retry: () => void failed?.refetch(),
  };
}
