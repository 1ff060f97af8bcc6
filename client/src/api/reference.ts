import { requestJson } from './http.js';
import type { AreaCollection, ClientConfig, Unit } from './types.js';

export function fetchAreas(query: { level?: 'district' | 'street' | 'community'; parent?: number }, init: RequestInit = {}): Promise<AreaCollection> {
  const q = new URLSearchParams();
  if (query.level) q.set('level', query.level);
  if (query.parent !== undefined) q.set('parent', String(query.parent));
  return requestJson(`/api/areas?${q}`, init);
}

export function fetchUnits(): Promise<Unit[]> {
  return requestJson('/api/units');
}

export function fetchClientConfig(): Promise<ClientConfig> {
  return requestJson('/api/config');
}
