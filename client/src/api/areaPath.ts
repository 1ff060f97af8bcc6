import { useQuery } from '@tanstack/react-query';
import type { AreaPath } from '../features/filters/AreaPicker.js';
import { requestJson } from './http.js';
import type { AreaFeature } from './types.js';

/** The district, street and community an area id stands for, walking up its parents. */
async function pathOf(areaId: number): Promise<AreaPath> {
  const path: AreaPath = {};
  let id: number | null = areaId;
  while (id !== null) {
    const area: AreaFeature = await requestJson(`/api/areas/${id}`);
    path[area.properties.level] = area.id;
    id = area.properties.parent;
  }
  return path;
}

export function useAreaPath(areaId: number | undefined) {
  return useQuery({
    queryKey: ['areas', 'path', areaId ?? null],
    queryFn: () => (areaId === undefined ? Promise.resolve({}) : pathOf(areaId)),
    staleTime: Infinity,
  });
}

/** The deepest area chosen in a path: the one the filter applies to. */
export function deepestArea(path: AreaPath): number | undefined {
  return path.community ?? path.street ?? path.district;
}
