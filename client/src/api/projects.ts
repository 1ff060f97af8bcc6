import { filterParams, type ProjectFilters } from '../state/viewState.js';
import { requestJson } from './http.js';
import type { HistoryEntry, ProjectCollection, ProjectFeature, ProjectInput, ProjectListFeature } from './types.js';

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

export function fetchProject(id: number): Promise<ProjectFeature> {
  return requestJson(`/api/projects/${id}`);
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
