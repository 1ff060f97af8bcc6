import { filterParams, type ProjectFilters } from '../state/viewState.js';
import { requestJson } from './http.js';
import type { AreaCountFeature, HistoryEntry, ProjectCollection, ProjectFeature, ProjectInput, ProjectListFeature, ProjectPage, ProjectSummary } from './types.js';

type Box = [number, number, number, number];

/** Every project matching the filters, following the API's pages; `init` goes into each page's request. */
export async function fetchProjects(filters: ProjectFilters, signal?: AbortSignal, init: RequestInit = {}): Promise<ProjectCollection> {
  const query = filterParams(filters);
  query.set('limit', '5000');
  const features: ProjectListFeature[] = [];
  let url: string | null = `/api/projects?${query}`;
  while (url) {
    const page: ProjectCollection & { next: string | null } = await requestJson(url, { ...init, signal });
    features.push(...page.features);
    url = page.next;
  }
  return { type: 'FeatureCollection', features };
}

/** How many projects the filters select (within the box, if given), per kind, overdue and demo: no project is read out. */
export function fetchProjectSummary(filters: ProjectFilters, bbox?: Box, signal?: AbortSignal, init: RequestInit = {}): Promise<ProjectSummary> {
  const query = filterParams(filters);
  if (bbox) query.set('bbox', bbox.join(','));
  return requestJson(`/api/projects/summary?${query}`, { ...init, signal });
}

/** Projects the tile mode's list shows of those in view: a page at a time. */
export const IN_VIEW_PAGE_SIZE = 100;

/** One page of the projects the filters select within a box; `next` is the URL the previous page gave. */
export function fetchProjectPage(
  filters: ProjectFilters,
  bbox: Box,
  limit: number,
  next: string | undefined,
  signal?: AbortSignal,
  init: RequestInit = {},
): Promise<ProjectPage> {
  if (next) return requestJson(next, { ...init, signal });
  const query = filterParams(filters);
  query.set('bbox', bbox.join(','));
  query.set('limit', String(limit));
  return requestJson(`/api/projects?${query}`, { ...init, signal });
}

/** The projects the filters select, counted per area of each level. */
export async function fetchAreaCounts(filters: ProjectFilters, levels: readonly string[], signal?: AbortSignal, init: RequestInit = {}): Promise<AreaCountFeature[]> {
  const collections = await Promise.all(
    levels.map((level) => {
      const query = filterParams(filters);
      query.set('level', level);
      return requestJson<{ features: AreaCountFeature[] }>(`/api/projects/aggregate?${query}`, { ...init, signal });
    }),
  );
  return collections.flatMap((c) => c.features);
}

export function fetchProject(id: number, init: RequestInit = {}): Promise<ProjectFeature> {
  return requestJson(`/api/projects/${id}`, init);
}

export function fetchHistory(id: number): Promise<HistoryEntry[]> {
  return requestJson(`/api/projects/${id}/history`);
}

export function createProject(geometry: GeoJSON.Geometry, properties: ProjectInput): Promise<ProjectFeature> {
  return requestJson('/api/projects', { method: 'POST', body: JSON.stringify({ type: 'Feature', geometry, properties }) });
}

export function updateProject(
  id: number,
  version: number,
  changes: { properties?: Partial<ProjectInput>; geometry?: GeoJSON.Geometry },
): Promise<ProjectFeature> {
  return requestJson(`/api/projects/${id}`, { method: 'PATCH', body: JSON.stringify({ version, ...changes }) });
}

export function deleteProject(id: number, version: number): Promise<void> {
  return requestJson(`/api/projects/${id}?version=${version}`, { method: 'DELETE' });
}
