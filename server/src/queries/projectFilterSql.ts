import type { ProjectFilter } from './projects.js';

/**
 * The project list's filter as SQL, written once for every query that must
 * select what the list selects — the list and the export, and the map's
 * tiles — so the map and the list always agree. The clause numbers its ten
 * parameters from `first`; `projectFilterParams` gives them in that order.
 * A query using it declares `WITH RECURSIVE ${clause.areaTree}` and reads
 * projects as `p`.
 */
export interface ProjectFilterClause {
  /** The chosen area and every area below it, as the CTE `area_tree`. */
  areaTree: string;
  /** Live projects matching the filter. */
  where: string;
  /** The parameters holding today and the open statuses, for an `overdue` column. */
  today: string;
  openStatuses: string;
}

export type FilterFields = Omit<ProjectFilter, 'bbox' | 'afterId' | 'limit'>;

export function projectFilterClause(first: number): ProjectFilterClause {
  const param = (i: number) => `$${first + i}`;
  const [kinds, statuses, area, units, overdueOnly, today, openStatuses, text, from, to] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(param) as [
    string, string, string, string, string, string, string, string, string, string,
  ];
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
export function inWindow(param: string): string {
  return `(${param}::float8[] IS NULL OR p.extent && box(point(${param}[1], ${param}[2]), point(${param}[3], ${param}[4])))`;
}

/**
 * inWindow for one or two windows, flattened ([w, s, e, n] or eight numbers):
 * a box across the antimeridian is two boxes, and each side keeps its index.
 */
export function inWindows(param: string): string {
  return `(${inWindow(param)}
           OR (array_length(${param}::float8[], 1) = 8 AND p.extent && box(point(${param}[5], ${param}[6]), point(${param}[7], ${param}[8]))))`;
}

export function projectFilterParams(f: FilterFields): unknown[] {
  return [
    f.kinds ?? null,
    f.statuses ?? null,
    f.areaId ?? null,
    f.unitIds ?? null,
    f.overdueOnly,
    f.today,
    f.openStatuses,
    f.text ? likePattern(f.text) : null,
    f.reportedFrom ?? null,
    f.reportedTo ?? null,
  ];
}

/** Escapes LIKE wildcards so a search for "100%" finds "100%", not everything. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
