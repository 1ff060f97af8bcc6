import type { FeatureCollection, Geometry } from 'geojson';

/** Properties of a project as GET /api/projects returns them (public fields). */
export interface ProjectProperties {
  kind: string;
  title: string;
  status: string;
  overdue: boolean;
  is_demo: boolean;
}

export interface AreaProperties {
  name: string;
  name_en: string;
  level: 'district' | 'street' | 'community';
  code: string;
  is_demo: boolean;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(body.message ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as T;
}

/** Every project, following the API's `next` links page by page. */
export async function fetchAllProjects(): Promise<FeatureCollection<Geometry, ProjectProperties>> {
  const features: FeatureCollection<Geometry, ProjectProperties>['features'] = [];
  let url: string | null = '/api/projects?limit=5000';
  while (url) {
    const page: FeatureCollection<Geometry, ProjectProperties> & { next: string | null } = await getJson(url);
    features.push(...page.features);
    url = page.next;
  }
  return { type: 'FeatureCollection', features };
}

export function fetchAreas(level: AreaProperties['level']): Promise<FeatureCollection<Geometry, AreaProperties>> {
  return getJson(`/api/areas?level=${level}`);
}
