import type pg from 'pg';
import type { AreaLevel } from '../domain/area.js';
import { inWindow, projectFilter, type FilterFields, type ProjectFilterClause } from './projectFilterSql.js';
import type { ProjectFilter } from './projects.js';
import { SqlParams } from './sqlParams.js';

/**
 * Counts of the projects the list's filter selects, without reading them out:
 * what a map needs to decide how to draw them, and to draw them at a zoom
 * where single projects are unreadable.
 */

/** Whether project `p` is overdue, as the filter's today and open statuses say. */
const overdue = (filter: ProjectFilterClause) =>
  `p.deadline IS NOT NULL AND p.deadline < ${filter.today} AND p.status = ANY (${filter.openStatuses})`;

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
  const p = new SqlParams();
  const filter = projectFilter(p, f);
  const { rows } = await db.query<KindCounts>(
    `WITH RECURSIVE ${filter.areaTree}
     SELECT p.kind,
            count(*)::integer AS total,
            count(*) FILTER (WHERE ${overdue(filter)})::integer AS overdue,
            count(*) FILTER (WHERE p.is_demo)::integer AS demo,
            to_char(max(p.updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS changed_at
       FROM projects p
      WHERE ${filter.where}
        AND ${inWindow(p.add(f.bbox ?? null))}
      GROUP BY p.kind
      ORDER BY p.kind`,
    p.values,
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
  const p = new SqlParams();
  const filter = projectFilter(p, f);
  const { rows } = await db.query<AreaCountsRow>(
    `WITH RECURSIVE ${filter.areaTree},
     lineage AS (
       SELECT a.id, a.id AS top FROM areas a WHERE a.level = ${p.add(level)}
       UNION ALL
       SELECT c.id, l.top FROM areas c JOIN lineage l ON c.parent_id = l.id
     ),
     counts AS (
       SELECT l.top AS area_id,
              count(*)::integer AS total,
              count(*) FILTER (WHERE p.status = ANY (${filter.openStatuses}))::integer AS open,
              count(*) FILTER (WHERE ${overdue(filter)})::integer AS overdue
         FROM projects p
         JOIN lineage l ON l.id = p.area_id
        WHERE ${filter.where}
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
    p.values,
  );
  return rows;
}
