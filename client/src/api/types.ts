import type { Static } from 'typebox';
import type { ProjectInput } from '../../../server/src/domain/project.js';
import type { ClientConfig as ClientConfigSchema } from '../../../server/src/routes/clientConfig.js';
import type { AreaCountFeature as AreaCountFeatureSchema, ProjectSummary as ProjectSummarySchema } from '../../../server/src/routes/projectCounts.js';
import type { ProjectFeature as ProjectFeatureSchema, ProjectListFeature as ProjectListFeatureSchema } from '../../../server/src/routes/projectFeature.js';
import type { ProjectPage as ProjectPageSchema } from '../../../server/src/routes/projects.js';

/** The API's shapes, derived from the server's own schemas rather than written twice. */
export type ProjectFeature = Static<typeof ProjectFeatureSchema>;
export type ProjectListFeature = Static<typeof ProjectListFeatureSchema>;
export type { ProjectInput };
export type ClientConfig = Static<typeof ClientConfigSchema>;
/** How many projects the filters select, per kind, overdue and demo. */
export type ProjectSummary = Static<typeof ProjectSummarySchema>;
/** One area's counts of the projects the filters select, at a point inside it. */
export type AreaCountFeature = Static<typeof AreaCountFeatureSchema>;

/** A page of the project list, with the URL of the next page (null on the last). */
export type ProjectPage = Static<typeof ProjectPageSchema>;

export interface ProjectCollection {
  type: 'FeatureCollection';
  features: ProjectListFeature[];
}

export interface AreaFeature {
  type: 'Feature';
  id: number;
  bbox: [number, number, number, number];
  geometry: GeoJSON.Geometry;
  properties: {
    name: string;
    name_en: string;
    level: 'district' | 'street' | 'community';
    code: string;
    parent: number | null;
    prefecture: string | null;
    is_demo: boolean;
    label_point: [number, number];
  };
}

export interface AreaCollection {
  type: 'FeatureCollection';
  features: AreaFeature[];
}

export interface Unit {
  id: number;
  name: string;
  name_en: string | null;
  district_id: number | null;
  short_names: string[];
  is_demo: boolean;
}

/** One recorded change; who made it, what changed and the note are for staff only. */
export interface HistoryEntry {
  id: number;
  version: number;
  action: 'create' | 'update' | 'delete' | 'transition' | 'photo';
  at: string;
  from_status: string | null;
  to_status: string | null;
  actor?: string;
  changes?: Record<string, [unknown, unknown]>;
  note?: string | null;
}

export type Basemap =
  | { kind: 'none' }
  | { kind: 'osm' }
  | { kind: 'tianditu'; key: string }
  | { kind: 'style'; url: string };
