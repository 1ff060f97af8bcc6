import { Type } from 'typebox';
import { AREA_LEVELS } from '../area.js';
import { KIND_CODES } from '../kinds/index.js';
import { Bbox, LonLat } from './areas.js';

/** How many projects the filters select, per kind, overdue and demo (`GET /api/projects/summary`). */
export const ProjectSummary = Type.Object({
  total: Type.Integer({ description: 'projects the filters select: what the list would page through' }),
  overdue: Type.Integer({ description: 'of which open and past their deadline' }),
  demo: Type.Integer({ description: 'of which made-up demo data' }),
  by_kind: Type.Record(Type.String(), Type.Integer(), { description: `projects per kind, every kind (${KIND_CODES.join(', ')}) present` }),
  changed_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'the latest change to any of them (null when there are none): with the total, a key that moves whenever what they draw may have',
  }),
});

/** One area's counts of the projects the filters select, at a point inside it (`GET /api/projects/aggregate`). */
export const AreaCountFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.Integer({ description: 'the area id, as area= filters take it' }),
  bbox: Bbox("the area's minLon, minLat, maxLon, maxLat"),
  geometry: Type.Object({
    type: Type.Literal('Point'),
    coordinates: LonLat('a point inside the area, where its count goes'),
  }),
  properties: Type.Object({
    name: Type.String(),
    name_en: Type.String(),
    level: Type.Enum(AREA_LEVELS),
    total: Type.Integer({ description: 'projects the filters select in the area and the areas below it' }),
    open: Type.Integer({ description: 'of which still to be done (reported, assigned, in progress)' }),
    overdue: Type.Integer({ description: 'of which open and past their deadline' }),
  }),
});

export const AreaCountCollection = Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(AreaCountFeature) });
