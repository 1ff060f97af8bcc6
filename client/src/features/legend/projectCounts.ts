import type { ProjectListFeature, ProjectSummary } from '../../api/types.js';

/** What the legend, the kind filters and the export tell of the projects the filters select. */
export interface ProjectCounts {
  total: number;
  overdue: number;
  byKind: Map<string, number>;
  /** Whether any of them is made-up demo data. */
  hasDemo: boolean;
}

/** Counted from the projects themselves, when every one is loaded. */
export function countsOfFeatures(features: readonly ProjectListFeature[]): ProjectCounts {
  const byKind = new Map<string, number>();
  for (const f of features) byKind.set(f.properties.kind, (byKind.get(f.properties.kind) ?? 0) + 1);
  return {
    total: features.length,
    overdue: features.filter((f) => f.properties.overdue).length,
    byKind,
    hasDemo: features.some((f) => f.properties.is_demo),
  };
}

/** As the server counted them, when there are too many to load. */
export function countsOfSummary(summary: ProjectSummary): ProjectCounts {
  return { total: summary.total, overdue: summary.overdue, byKind: new Map(Object.entries(summary.by_kind)), hasDemo: summary.demo > 0 };
}
