import type { ProjectFilter } from './projects.js';
import type { Placeholder, SqlParams } from './sqlParams.js';

/**
 * The project list's filter as SQL, written once for every query that must
 * select what the list selects — the list and the export, and the map's
 * tiles — so the map and the list always agree. Its values are added to the
 * statement's SqlParams, each where the clause uses it. A query using it
 * declares `WITH RECURSIVE ${clause.areaTree}` and reads projects as `p`.
 */
export interface ProjectFilterClause {
  /** The chosen area and every area below it, as the CTE `area_tree`. */
  areaTree: string;
  /** Live projects matching the filter. */
  where: string;
  /** Today and the open statuses, for an `overdue` column. */
  today: string;
  openStatuses: Placeholder;
}

export type FilterFields = Omit<ProjectFilter, 'bbox' | 'afterId' | 'limit'>;

export function projectFilter(p: SqlParams, f: FilterFields): ProjectFilterClause {
  const kinds = p.add(f.kinds ?? null);
  const statuses = p.add(f.statuses ?? null);
  const area = p.add(f.areaId ?? null);
  const units = p.add(f.unitIds ?? null);
  const overdueOnly = p.add(f.overdueOnly);
  const today = p.add(f.today);
  const openStatuses = p.add(f.openStatuses);
  const text = p.add(f.text ? likePattern(f.text) : null);
  const from = p.add(f.reportedFrom ?? null);
  const to = p.add(f.reportedTo ?? null);
  return {
    areaTree: `area_tree AS (
      SELECT id FROM areas WHERE id = ${area}
      UNION ALL
      SELECT a.id FROM areas a JOIN area_tree t ON a.parent_id = t.id
    )`,
    where: `p.deleted_at IS NULL
      AND (${kinds}::text[] IS NULL OR p.kind = ANY (${kinds}))
      AND (${statuses}::text[] IS NULL OR p.status = ANY (${statuses}))
      AND (${area}::integer IS NULL OR p.area_id IN (SELECT id FROM area_tree))
      AND (${units}::integer[] IS NULL OR p.unit_id = ANY (${units}))
      AND (NOT ${overdueOnly}::boolean OR (p.deadline < ${today}::date AND p.status = ANY (${openStatuses})))
      AND (${text}::text IS NULL OR p.title ILIKE ${text} OR p.address ILIKE ${text})
      AND (${from}::date IS NULL OR p.reported_on >= ${from})
      AND (${to}::date IS NULL OR p.reported_on <= ${to})`,
    today: `${today}::date`,
    openStatuses,
  };
}

/**
 * True when the project's bounding box meets the window `param`, a float8[]
 * of [west, south, east, north], or when the parameter is NULL. It reads
 * the stored extent (migration 0010), whose index can answer a list's page
 * of ids without reading the rows.
 */
export function inWindow(param: Placeholder): string {
  return `(${param}::float8[] IS NULL OR p.extent && box(point(${param}[1], ${param}[2]), point(${param}[3], ${param}[4])))`;
}

/**
 * inWindow for one or two windows, flattened ([w, s, e, n] or eight numbers):
 * a box across the antimeridian is two boxes, and each side keeps its index.
 */
export function inWindows(param: Placeholder): string {
  return `(${inWindow(param)}
           OR (array_length(${param}::float8[], 1) = 8 AND p.extent && box(point(${param}[5], ${param}[6]), point(${param}[7], ${param}[8]))))`;
}

/** Escapes LIKE wildcards so a search for "100%" finds "100%", not everything. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
