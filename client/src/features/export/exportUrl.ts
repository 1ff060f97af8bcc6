import type { ExportFormat } from '../../../../server/src/domain/api/projects.js';
import { filterParams, type ProjectFilters } from '../../state/viewState.js';

/**
 * The download address of the projects a view shows: the list's own query
 * parameters, so the file holds exactly what the map and the list show.
 */
export function exportUrl(filters: ProjectFilters, format: ExportFormat): string {
  const query = new URLSearchParams({ format });
  for (const [name, value] of filterParams(filters)) query.set(name, value);
  return `/api/projects/export?${query}`;
}
