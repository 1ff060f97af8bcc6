import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AREA_LEVELS } from '../domain/area.js';
import { AreaCountCollection, ProjectSummary } from '../domain/api/projectCounts.js';
import { KIND_CODES } from '../domain/kinds/index.js';
import { projectCountsByArea, projectCountsByKind, type AreaCountsRow, type KindCounts } from '../queries/projectCounts.js';
import { projectFilterOf, ProjectFilterQuery } from './projectListQuery.js';
import { errorResponses } from './errorResponses.js';

/** Counting reads no page of rows: the paging fields are unused. */
const NO_PAGE = { afterId: 0, limit: 0 };

const SummaryQuery = Type.Object(ProjectFilterQuery, { additionalProperties: false });

const { bbox: _areasAreTheBoxes, ...AggregateFilterQuery } = ProjectFilterQuery;

const AggregateQuery = Type.Object(
  {
    level: Type.Enum(AREA_LEVELS, { description: 'the areas to count by: district, street or community' }),
    ...AggregateFilterQuery,
  },
  { additionalProperties: false },
);

function summaryOf(rows: KindCounts[]) {
  const by_kind = Object.fromEntries(KIND_CODES.map((code) => [code, 0]));
  let total = 0;
  let overdue = 0;
  let demo = 0;
  let changed_at: string | null = null;
  for (const r of rows) {
    by_kind[r.kind] = r.total;
    total += r.total;
    overdue += r.overdue;
    demo += r.demo;
    // Same-format ISO timestamps in UTC: the text order is the time order.
    if (changed_at === null || r.changed_at > changed_at) changed_at = r.changed_at;
  }
  return { total, overdue, demo, by_kind, changed_at };
}

function areaCountFeature(row: AreaCountsRow) {
  const { id, bbox, label_point, name, name_en, level, total, open, overdue } = row;
  return {
    type: 'Feature' as const,
    id,
    bbox,
    geometry: { type: 'Point' as const, coordinates: label_point },
    properties: { name, name_en, level, total, open, overdue },
  };
}

/**
 * Counts of the projects the list's filters select, for a map that cannot
 * load them all: the total (to choose between drawing every project and
 * drawing tiles), and counts per area (to draw below the zoom where tiles of
 * single projects start). Scoped like the list: a unit user counts its own.
 */
export const projectCountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/projects/summary',
    {
      schema: {
        summary: 'How many projects the list filters select, per kind, overdue and demo, without listing them',
        tags: ['projects'],
        querystring: SummaryQuery,
        response: { 200: ProjectSummary, ...errorResponses() },
      },
    },
    async (request) => {
      const { filter, nothing } = await projectFilterOf(request, request.query, app.db.pool, app.today(), NO_PAGE);
      return summaryOf(nothing ? [] : await projectCountsByKind(app.db.pool, filter));
    },
  );

  app.get(
    '/api/projects/aggregate',
    {
      schema: {
        summary: 'Projects the list filters select, counted per district, street or community, as GeoJSON points',
        description:
          "One point per area holding a matching project, at a point inside it, with the total, open and overdue counts; an area's total " +
          'is what the list gives with area=<its id>. Names and counts only: no project, and nothing private. The filters are the list\'s, except bbox.',
        tags: ['projects'],
        querystring: AggregateQuery,
        response: { 200: AreaCountCollection, ...errorResponses() },
      },
    },
    async (request) => {
      const { level, ...filters } = request.query;
      const { filter, nothing } = await projectFilterOf(request, filters, app.db.pool, app.today(), NO_PAGE);
      const rows = nothing ? [] : await projectCountsByArea(app.db.pool, level, filter);
      return { type: 'FeatureCollection' as const, features: rows.map(areaCountFeature) };
    },
  );
};
