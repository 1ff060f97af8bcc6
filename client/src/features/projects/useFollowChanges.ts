import { hashKey, useQueryClient, type Query } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { invalidateProjectViews, queryKeys } from '../../api/queries.js';
import type { ProjectFilters } from '../../state/viewState.js';

/**
 * How often an open map asks whether what its filters select has changed:
 * another planner's new project, a unit's report of work done. One summary
 * request a minute; the projects themselves are asked for again only when it
 * has moved.
 */
export const FOLLOW_CHANGES_MS = 60_000;

/**
 * Reloads the projects shown (the whole selection, the page in view, the
 * counts per area, an open project and its history), and what is computed
 * from them (coverage, the dashboard, the work lists), when the summary of
 * the same filters reports a new `version`: a change made by someone else,
 * or here. Tiles need nothing: their URL carries the version. Queries already
 * on their way are left alone, so an edit made here, which reloads them all
 * itself, is not fetched twice.
 */
export function useFollowChanges(filters: ProjectFilters, version: string | undefined): void {
  const queryClient = useQueryClient();
  const seen = useRef<{ filters: string; version: string } | undefined>(undefined);
  useEffect(() => {
    if (version === undefined) return;
    const summaryHash = hashKey(queryKeys.projectSummary(filters));
    const before = seen.current;
    seen.current = { filters: summaryHash, version };
    if (before === undefined || before.filters !== summaryHash || before.version === version) return;
    const shown = (query: Query) => query.queryHash !== summaryHash && query.state.fetchStatus !== 'fetching';
    invalidateProjectViews(queryClient, shown);
  }, [queryClient, filters, version]);
}
