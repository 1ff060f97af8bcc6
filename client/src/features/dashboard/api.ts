import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dashboard, WeeklyReport } from '../../../../server/src/domain/dashboard.js';
import type { KindCode } from '../../../../server/src/domain/kinds/index.js';
import { requestJson } from '../../api/http.js';
import { queryKeys } from '../../api/queries.js';

/** What the dashboard and the weekly summary are asked for: an area (none: all districts) and some kinds (none: all). */
export interface DashboardScope {
  area: number | undefined;
  kinds: readonly KindCode[];
}

export function scopeParams({ area, kinds }: DashboardScope): URLSearchParams {
  const q = new URLSearchParams();
  if (area !== undefined) q.set('area', String(area));
  if (kinds.length > 0) q.set('kind', kinds.join(','));
  return q;
}

export function useDashboard(scope: DashboardScope, enabled: boolean) {
  const query = scopeParams(scope).toString();
  return useQuery({
    queryKey: [...queryKeys.dashboard, 'overview', query],
    queryFn: ({ signal }) => requestJson<Dashboard>(`/api/dashboard?${query}`, { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The summary's URL; the same with format=csv or xlsx is the download. */
export function weeklyReportUrl(scope: DashboardScope, week: string | undefined, format: 'json' | 'csv' | 'xlsx' = 'json'): string {
  const q = scopeParams(scope);
  if (week) q.set('week', week);
  if (format !== 'json') q.set('format', format);
  const text = q.toString();
  return `/api/reports/weekly${text ? `?${text}` : ''}`;
}

export function useWeeklyReport(scope: DashboardScope, week: string | undefined, enabled: boolean) {
  const url = weeklyReportUrl(scope, week);
  return useQuery({
    queryKey: [...queryKeys.dashboard, 'weekly', url],
    queryFn: ({ signal }) => requestJson<WeeklyReport>(url, { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
