import { useQuery } from '@tanstack/react-query';
import type { ProjectFilters } from '../state/viewState.js';
import { fetchHistory, fetchProject, fetchProjects } from './projects.js';
import { fetchAreas, fetchClientConfig, fetchUnits } from './reference.js';

/** Query keys in one place, so a save can invalidate exactly what it changed. */
export const queryKeys = {
  projects: ['projects'] as const,
  projectList: (filters: ProjectFilters) => ['projects', 'list', filters] as const,
  project: (id: number) => ['projects', 'one', id] as const,
  history: (id: number) => ['projects', 'history', id] as const,
  areas: (level: string, parent?: number) => ['areas', level, parent ?? null] as const,
  units: ['units'] as const,
  config: ['config'] as const,
};

export function useProjects(filters: ProjectFilters) {
  return useQuery({
    queryKey: queryKeys.projectList(filters),
    queryFn: ({ signal }) => fetchProjects(filters, signal),
    placeholderData: (previous) => previous,
  });
}

export function useProject(id: number | undefined) {
  return useQuery({ queryKey: queryKeys.project(id ?? 0), queryFn: () => fetchProject(id!), enabled: id !== undefined });
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
