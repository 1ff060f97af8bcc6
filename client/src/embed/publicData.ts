import { useQueries, useQuery } from '@tanstack/react-query';
import { ApiError, requestJson } from '../api/http.js';
import { fetchProject } from '../api/projects.js';
import { fetchAreas } from '../api/reference.js';
import type { AreaCollection, AreaFeature, ClientConfig } from '../api/types.js';
import { useMapProjects, type MapProjects } from '../features/projects/useMapProjects.js';
import type { ProjectFilters } from '../state/viewState.js';

/**
 * Every request of the embed goes without cookies: on a news page of the same
 * site a staff member's session would otherwise go along, and the answers
 * would be the staff's, not the public's.
 */
export const PUBLIC: RequestInit = { credentials: 'omit' };

export function useEmbedConfig() {
  return useQuery({
    queryKey: ['embed', 'config'],
    queryFn: () => requestJson<ClientConfig>('/api/config', PUBLIC),
    staleTime: Infinity,
  });
}

/** The area an embed is about; null (with a warning) when the API refuses it, so the embed shows everything instead. */
export function useEmbedArea(areaId: number | undefined) {
  return useQuery({
    queryKey: ['embed', 'area', areaId ?? null],
    queryFn: async (): Promise<AreaFeature | null> => {
      if (areaId === undefined) return null;
      try {
        return await requestJson<AreaFeature>(`/api/areas/${areaId}`, PUBLIC);
      } catch (error) {
        // Any answer but the area (none such, an id the server cannot take): the embed shows everything rather than nothing.
        if (!(error instanceof ApiError)) throw error;
        console.warn(`embed: area: ignoring ${areaId}; there is no such area (HTTP ${error.status})`);
        return null;
      }
    },
    staleTime: Infinity,
  });
}

/**
 * The projects for the embed's map and legend, drawn as the app draws them:
 * loaded whole up to the server's threshold, tiles and counts per area above
 * it. Nothing is asked for until `threshold` is given.
 */
export function useEmbedProjects(filters: ProjectFilters, threshold: number | undefined, nameField: 'name' | 'name_en'): MapProjects {
  return useMapProjects(filters, { threshold, unitId: undefined, nameField, viewBox: undefined, init: PUBLIC });
}

/** A project clicked on tiles, which hold too little for its card: its public fields, by id. */
export function useEmbedProject(id: number | undefined) {
  return useQuery({
    queryKey: ['embed', 'project', id ?? null],
    queryFn: () => fetchProject(id!, PUBLIC),
    enabled: id !== undefined,
  });
}

const LEVELS = ['district', 'street', 'community'] as const;

/** The three levels as one collection, once the districts are there; the rest join as they come. */
function oneCollection(results: { data?: AreaCollection }[]): AreaCollection | undefined {
  if (!results[0]?.data) return undefined;
  return { type: 'FeatureCollection', features: results.flatMap((r) => r.data?.features ?? []) };
}

/** Every boundary, districts to communities, for the map: neighbours give a place without a basemap its bearings. */
export function useEmbedBoundaries(): AreaCollection | undefined {
  return useQueries({
    queries: LEVELS.map((level) => ({ queryKey: ['embed', 'areas', level], queryFn: () => fetchAreas({ level }, PUBLIC), staleTime: Infinity })),
    combine: oneCollection,
  });
}
