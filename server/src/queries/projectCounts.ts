import type pg from 'pg';
import type { AreaLevel } from '../domain/area.js';
import { inWindow, projectFilterClause, projectFilterParams, type FilterFields } from './projectFilterSql.js';
import type { ProjectFilter } from './projects.js';

/**
 * Counts of the projects the list's filter selects, without reading them out:
 * what a map needs to decide how to draw them, and to draw them at a zoom
 * where single projects are unreadable.
 */

/** The list's filter, its parameters from $2 ($1 is the box or the level). */
const FILTER = projectFilterClause(2);

const OVERDUE = `p.deadline IS NOT NULL AND p.deadline < ${FILTER.today} AND p.status = ANY (${FILTER.openStatuses})`;

export interface KindCounts {
  kind: string;
  total: number;
  overdue: number;
  demo: number;
  /** The latest change to any of them (ISO 8601). */
  changed_at: string;
}

/** Projects matching a filter (bounding box included), counted per kind; kinds with none are left out. */
export async function projectCountsByKind(db: pg.Pool, f: ProjectFilter): Promise<KindCounts[]> {
  const { rows } = await db.query<KindCounts>(
    `WITH RECURSIVE ${FILTER.areaTree}
     SELECT p.kind,
            count(*)::integer AS total,
            count(*) FILTER (WHERE ${OVERDUE})::integer AS overdue,
            count(*) FILTER (WHERE p.is_demo)::integer AS demo,
            to_char(max(p.updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS changed_at
       FROM projects p
      WHERE ${FILTER.where}
        AND ${inWindow('$1')}
      GROUP BY p.kind
      ORDER BY p.kind`,
    [f.bbox ?? null, ...projectFilterParams(f)],
  );
  return rows;
}

export interface AreaCountsRow {
  id: number;
  name: string;
  name_en: string;
  level: AreaLevel;
  /** [minLon, minLat, maxLon, maxLat], for zooming to the area. */
  bbox: [number, number, number, number];
  /** A point inside the area (ST_PointOnSurface), where its count is drawn. */
  label_point: [number, number];
  total: number;
  open: number;
  overdue: number;
}

/**
 * Projects matching a filter, counted per area of one level: each project
 * counts for the area of that level it lies in, through the area it belongs
 * to (its smallest) and that area's ancestors, as `area=` filters the list;
 * so an area's total is what the list gives for `area=<its id>`. Projects in
 * no area of the level (outside every street, say) are in no count. Areas
 * without a matching project are left out.
 */
export async function projectCountsByArea(db: pg.Pool, level: AreaLevel, f: FilterFields): Promise<AreaCountsRow[]> {
  const { rows } = await db.query<AreaCountsRow>(
    `WITH RECURSIVE ${FILTER.areaTree},
     lineage AS (
       SELECT a.id, a.id AS top FROM areas a WHERE a.level = $1
       UNION ALL
       SELECT c.id, l.top FROM areas c JOIN lineage l ON c.parent_id = l.id
     ),
     counts AS (
       SELECT l.top AS area_id,
              count(*)::integer AS total,
              count(*) FILTER (WHERE p.status = ANY (${FILTER.openStatuses}))::integer AS open,
              count(*) FILTER (WHERE ${OVERDUE})::integer AS overdue
         FROM projects p
         JOIN lineage l ON l.id = p.area_id
        WHERE ${FILTER.where}
        GROUP BY l.top
     )
     SELECT a.id, a.name, a.name_en, a.level,
            ARRAY[ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), ST_YMax(a.geom)]::float8[] AS bbox,
            ARRAY[round(ST_X(pt)::numeric, 5), round(ST_Y(pt)::numeric, 5)]::float8[] AS label_point,
            c.total, c.open, c.overdue
       FROM counts c
       JOIN areas a ON a.id = c.area_id
      CROSS JOIN LATERAL ST_PointOnSurface(a.geom) AS pt
      ORDER BY a.code`,
    [level, ...projectFilterParams(f)],
  );
  return rows;
}
