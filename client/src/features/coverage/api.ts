import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CoverageKind,
  CoverageParams,
  CoverageResult as CoverageResultSchema,
  GapCollection as GapCollectionSchema,
  GapFeature as GapFeatureSchema,
} from '../../../../server/src/domain/coverage.js';
import { requestJson } from '../../api/http.js';
import { queryKeys } from '../../api/queries.js';

/** One answer of `GET /api/coverage`: the server's schema, one definition. */
export type CoverageResult = Static<typeof CoverageResultSchema>;
/** A gap: need with no project, ranked by households, length or reports. */
export type GapFeature = Static<typeof GapFeatureSchema>;
type GapCollection = Static<typeof GapCollectionSchema>;

/** The parameters each kind's metric reads; the others are left to the server's defaults. */
export const PARAMS_OF_KIND: Record<CoverageKind, (keyof CoverageParams)[]> = {
  charging: ['radius'],
  compound: ['year'],
  streetlight: ['distance'],
  drainage: ['hotspotRadius', 'hotspotReports'],
};

/** The API's spelling of each parameter. */
const QUERY_NAMES: Record<keyof CoverageParams, string> = {
  radius: 'radius',
  year: 'year',
  distance: 'distance',
  hotspotRadius: 'hotspot_radius',
  hotspotReports: 'hotspot_reports',
};

export interface CoverageRequest {
  area: number;
  kind: CoverageKind;
  params: CoverageParams;
}

/** The query string of a request: the area, the kind and only the parameters its metric reads. */
export function coverageQuery({ area, kind, params }: CoverageRequest): string {
  const q = new URLSearchParams({ area: String(area), kind });
  for (const name of PARAMS_OF_KIND[kind]) q.set(QUERY_NAMES[name], String(params[name]));
  return q.toString();
}

export function useCoverage(request: CoverageRequest | undefined) {
  const query = request && coverageQuery(request);
  return useQuery({
    queryKey: [...queryKeys.coverage, 'area', query ?? null],
    queryFn: ({ signal }) => requestJson<CoverageResult>(`/api/coverage?${query}`, { signal }),
    enabled: query !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCoverageChildren(request: CoverageRequest | undefined) {
  const query = request && coverageQuery(request);
  return useQuery({
    queryKey: [...queryKeys.coverage, 'children', query ?? null],
    queryFn: ({ signal }) => requestJson<CoverageResult[]>(`/api/coverage/children?${query}`, { signal }),
    enabled: query !== undefined,
    placeholderData: keepPreviousData,
  });
}

/** The gaps behind a coverage figure: the same area, kind and parameters. */
export function useGaps(request: CoverageRequest | undefined) {
  const query = request && coverageQuery(request);
  return useQuery({
    queryKey: [...queryKeys.coverage, 'gaps', query ?? null],
    queryFn: ({ signal }) =>
      requestJson<GapCollection>(`/api/gaps?${query}&limit=${GAP_LIMIT}`, { signal }),
    enabled: query !== undefined,
    placeholderData: keepPreviousData,
  });
}

/**
 * The gap tiles' URL template for a request: every gap of the area, where the
 * ranked list holds only the largest. Absolute, as MapLibre's worker resolves
 * nothing against the page. `version` goes in as `v`, which the server does
 * not read: a new one is a new URL, past a cached tile.
 */
export function gapTileUrl(request: CoverageRequest, origin: string, version?: string): string {
  const query = new URLSearchParams(coverageQuery(request));
  if (version) query.set('v', version);
  return `${origin}/tiles/gaps/{z}/{x}/{y}.mvt?${query.toString()}`;
}

/** Enough to see where the need is; the list shows the first few. */
export const GAP_LIMIT = 200;
