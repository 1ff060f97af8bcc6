import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  PreviewPage as PreviewPageSchema,
  ImportOptionsInput,
  ImportState,
  LedgerSummary,
  RowOutcome,
  UnplacedRowOutput,
  ValueDecisionInput,
  ValueListOutput,
} from '../../../../server/src/domain/ledgerImport.js';
import { requestJson } from '../../api/http.js';

/** One page of the preview's rows, as GET /api/imports/:id/rows answers: the route's own schema. */
export type PreviewPage = Static<typeof PreviewPageSchema>;

export interface RowsQuery {
  outcome?: RowOutcome;
  /** Only the rows written (or waiting) with a warning. */
  warned?: boolean;
  offset: number;
  limit: number;
}

/** Under `imports`, so a commit can refresh the preview, the unplaced rows and the ledgers at once. */
export const importKeys = {
  all: ['imports'] as const,
  one: (id: number) => ['imports', 'one', id] as const,
  rows: (id: number, query: RowsQuery) => ['imports', 'rows', id, query] as const,
  values: (id: number) => ['imports', 'values', id] as const,
  unplaced: ['imports', 'unplaced'] as const,
  ledgers: ['imports', 'ledgers'] as const,
};

/** The file itself is the body: a 50 MB ledger is not worth base64 or multipart. */
export function uploadLedger(file: File): Promise<ImportState> {
  return requestJson(`/api/imports?file_name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    body: file,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

export function fetchImport(id: number): Promise<ImportState> {
  return requestJson(`/api/imports/${id}`);
}

export function requestPreview(id: number, options: ImportOptionsInput): Promise<ImportState> {
  return requestJson(`/api/imports/${id}/preview`, { method: 'POST', body: JSON.stringify(options) });
}

export function commitImport(id: number): Promise<ImportState> {
  return requestJson(`/api/imports/${id}/commit`, { method: 'POST', body: JSON.stringify({}) });
}

export function fetchRows(id: number, query: RowsQuery): Promise<PreviewPage> {
  const params = new URLSearchParams({ offset: String(query.offset), limit: String(query.limit) });
  if (query.outcome) params.set('outcome', query.outcome);
  if (query.warned) params.set('warned', 'true');
  return requestJson(`/api/imports/${id}/rows?${params}`);
}

/** The values of the preview that matched nothing exactly, with what each was taken to mean. */
export function useValueList(id: number) {
  return useQuery({ queryKey: importKeys.values(id), queryFn: () => requestJson<ValueListOutput>(`/api/imports/${id}/values`) });
}

/** What the planner decided values mean: kept with the ledger, applied by the next preview. */
export function decideValues(id: number, decisions: ValueDecisionInput[]): Promise<ValueListOutput> {
  return requestJson(`/api/imports/${id}/values`, { method: 'PUT', body: JSON.stringify({ decisions }) });
}

/** The rejected rows as the ledger had them, with a reason column: for the clerk to fix and send again. */
export function rejectedRowsUrl(id: number): string {
  return `/api/imports/${id}/rejected.xlsx`;
}

/** A row goes where the planner clicked, or (a compound waiting to be outlined) as the outline drawn. */
export function placeRow(row: Pick<UnplacedRowOutput, 'import_id' | 'row_number'>, place: { lon: number; lat: number } | { geometry: GeoJSON.Geometry }): Promise<{ project_id: number }> {
  return requestJson(`/api/imports/${row.import_id}/rows/${row.row_number}/place`, { method: 'POST', body: JSON.stringify(place) });
}

/** Analysing and committing run on the server: the state is asked for again this often until they end. */
const POLL_MS = 500;

export const isBusy = (state: ImportState | undefined) => state?.state === 'analysing' || state?.state === 'committing';

/** An import's state, asked for every half second while the server works on it. */
export function useImport(id: number | undefined) {
  return useQuery({
    queryKey: importKeys.one(id ?? 0),
    queryFn: () => fetchImport(id!),
    enabled: id !== undefined,
    refetchInterval: (query) => (isBusy(query.state.data) ? POLL_MS : false),
  });
}

export function usePreviewRows(id: number, query: RowsQuery) {
  return useQuery({ queryKey: importKeys.rows(id, query), queryFn: () => fetchRows(id, query), placeholderData: (previous) => previous });
}

export function useLedgers() {
  return useQuery({ queryKey: importKeys.ledgers, queryFn: () => requestJson<LedgerSummary[]>('/api/ledgers'), staleTime: 60_000 });
}

export function useUnplaced(enabled: boolean) {
  return useQuery({ queryKey: importKeys.unplaced, queryFn: () => requestJson<UnplacedRowOutput[]>('/api/imports/unplaced'), enabled });
}
