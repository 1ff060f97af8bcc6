import { useInfiniteQuery, useQuery, type Query, type QueryClient } from '@tanstack/react-query';
import type { ProjectFilters } from '../state/viewState.js';
import { fetchAreaCounts, fetchHistory, fetchProject, fetchProjectPage, fetchProjects, fetchProjectSummary, IN_VIEW_PAGE_SIZE } from './projects.js';
import { fetchAreas, fetchClientConfig, fetchUnits } from './reference.js';

/** Query keys in one place, so a save can invalidate exactly what it changed. */
export const queryKeys = {
  projects: ['projects'] as const,
  projectList: (filters: ProjectFilters) => ['projects', 'list', filters] as const,
  projectSummary: (filters: ProjectFilters, bbox?: Box) => ['projects', 'summary', filters, bbox ?? null] as const,
  projectsInView: (filters: ProjectFilters, bbox: Box | undefined) => ['projects', 'view', filters, bbox ?? null] as const,
  areaCounts: (filters: ProjectFilters) => ['projects', 'aggregate', filters] as const,
  project: (id: number) => ['projects', 'one', id] as const,
  history: (id: number) => ['projects', 'history', id] as const,
  areas: (level: string, parent?: number) => ['areas', level, parent ?? null] as const,
  units: ['units'] as const,
  config: ['config'] as const,
  coverage: ['coverage'] as const,
  dashboard: ['dashboard'] as const,
  tasks: ['tasks'] as const,
};

/**
 * The queries whose answers are computed from projects: the lists, the map
 * and an open project (all under `projects`), the coverage figures and gaps,
 * the dashboard and the work lists. A change to any project leaves every one
 * of them out of date, wherever on the page it is shown.
 */
const FROM_PROJECTS = [queryKeys.projects, queryKeys.coverage, queryKeys.dashboard, queryKeys.tasks];

/**
 * Marks everything computed from projects as out of date, after a change made
 * here or seen from elsewhere: what is shown is fetched again at once, the
 * rest when it is next shown. `predicate` leaves some queries alone.
 */
export function invalidateProjectViews(queryClient: QueryClient, predicate?: (query: Query) => boolean): void {
  for (const queryKey of FROM_PROJECTS) void queryClient.invalidateQueries({ queryKey, predicate });
}

type Box = [number, number, number, number];

/** Every project the filters select, when the map draws them all (`enabled`); `init` goes into each request. */
export function useProjects(filters: ProjectFilters, enabled = true, init?: RequestInit) {
  return useQuery({
    queryKey: queryKeys.projectList(filters),
    queryFn: ({ signal }) => fetchProjects(filters, signal, init),
    placeholderData: (previous) => previous,
    enabled,
  });
}

/**
 * Counts of what the filters select (within a box, if given), without the
 * projects; asked again every `refetchInterval` ms while the page is shown.
 */
export function useProjectSummary(filters: ProjectFilters, options: { bbox?: Box; enabled?: boolean; init?: RequestInit; refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.projectSummary(filters, options.bbox),
    queryFn: ({ signal }) => fetchProjectSummary(filters, options.bbox, signal, options.init),
    placeholderData: (previous) => previous,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval ?? false,
  });
}

/** The projects the filters select within the box the map shows, a page at a time, for the list beside a tiled map. */
export function useProjectsInView(filters: ProjectFilters, bbox: Box | undefined, enabled: boolean, init?: RequestInit) {
  return useInfiniteQuery({
    queryKey: queryKeys.projectsInView(filters, bbox),
    queryFn: ({ signal, pageParam }) => fetchProjectPage(filters, bbox!, IN_VIEW_PAGE_SIZE, pageParam, signal, init),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: (previous) => previous,
    enabled: enabled && bbox !== undefined,
  });
}

/** The filters' projects counted per area of the given levels, for a tiled map below the tiles' zooms. */
export function useAreaCounts(filters: ProjectFilters, levels: readonly string[], enabled: boolean, init?: RequestInit) {
  return useQuery({
    queryKey: queryKeys.areaCounts(filters),
    queryFn: ({ signal }) => fetchAreaCounts(filters, levels, signal, init),
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** One project by id, as the panel shows it: one cache entry, whoever asks. */
export function projectQuery(id: number) {
  return { queryKey: queryKeys.project(id), queryFn: () => fetchProject(id) };
}

export function useProject(id: number | undefined) {
  return useQuery({ ...projectQuery(id ?? 0), enabled: id !== undefined });
}

export function useHistory(id: number | undefined) {
  return useQuery({ queryKey: queryKeys.history(id ?? 0), queryFn: () => fetchHistory(id!), enabled: id !== undefined });
}

/** Areas of a level, or the children of an area; boundaries rarely change. */
export function useAreas(level: 'district' | 'street' | 'community', parent?: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.areas(level, parent),
    queryFn: () => fetchAreas({ level, parent }),
    staleTime: Infinity,
    enabled,
  });
}

export function useUnits() {
  return useQuery({ queryKey: queryKeys.units, queryFn: fetchUnits, staleTime: 5 * 60_000 });
}

export function useClientConfig() {
  return useQuery({ queryKey: queryKeys.config, queryFn: fetchClientConfig, staleTime: Infinity });
}
