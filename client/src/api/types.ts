import type { Static } from 'typebox';
import type { AreaCollection as AreaCollectionSchema, AreaFeature as AreaFeatureSchema } from '../../../server/src/domain/api/areas.js';
import type { ClientConfig as ClientConfigSchema } from '../../../server/src/domain/api/clientConfig.js';
import type { AreaCountFeature as AreaCountFeatureSchema, ProjectSummary as ProjectSummarySchema } from '../../../server/src/domain/api/projectCounts.js';
import type {
  HistoryEntry as HistoryEntrySchema,
  ProjectCollection as ProjectCollectionSchema,
  ProjectFeature as ProjectFeatureSchema,
  ProjectListFeature as ProjectListFeatureSchema,
  ProjectPage as ProjectPageSchema,
} from '../../../server/src/domain/api/projects.js';
import type { Unit as UnitSchema } from '../../../server/src/domain/api/units.js';
import type { ProjectInput } from '../../../server/src/domain/project.js';

/**
 * The API's shapes, derived from the schemas the routes declare
 * (server/src/domain/api/) rather than written twice.
 */
export type ProjectFeature = Static<typeof ProjectFeatureSchema>;
export type ProjectListFeature = Static<typeof ProjectListFeatureSchema>;
export type ProjectCollection = Static<typeof ProjectCollectionSchema>;
/** A page of the project list, with the URL of the next page (null on the last). */
export type ProjectPage = Static<typeof ProjectPageSchema>;
/** One recorded change; who made it, what changed and the note are for staff only. */
export type HistoryEntry = Static<typeof HistoryEntrySchema>;
export type { ProjectInput };
export type ClientConfig = Static<typeof ClientConfigSchema>;
export type Basemap = ClientConfig['basemap'];
/** How many projects the filters select, per kind, overdue and demo. */
export type ProjectSummary = Static<typeof ProjectSummarySchema>;
/** One area's counts of the projects the filters select, at a point inside it. */
export type AreaCountFeature = Static<typeof AreaCountFeatureSchema>;
export type AreaFeature = Static<typeof AreaFeatureSchema>;
export type AreaCollection = Static<typeof AreaCollectionSchema>;
export type Unit = Static<typeof UnitSchema>;
