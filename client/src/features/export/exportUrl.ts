import type { ExportFormat } from '../../../../server/src/exports/projectExport.js';
import { filterParams, type ProjectFilters } from '../../state/viewState.js';

/** The formats the export route writes, in the menu's order (the server's module holds exceljs and pg, so only its type comes here). */
export const EXPORT_FORMATS = ['xlsx', 'csv', 'geojson'] as const satisfies readonly ExportFormat[];

/**
 * The download address of the projects a view shows: the list's own query
 * parameters, so the file holds exactly what the map and the list show.
 */
export function exportUrl(filters: ProjectFilters, format: ExportFormat): string {
  const query = new URLSearchParams({ format });
  for (const [name, value] of filterParams(filters)) query.set(name, value);
  return `/api/projects/export?${query}`;
}
