import type { Static } from 'typebox';
import type { AreaImportOptions, AreaImportRows, AreaImportState } from '../../../../server/src/domain/areaImport.js';
import { requestJson } from '../../api/http.js';

/** The boundary import's answers: the server's schemas, not copies of them. */
export type AreaImport = Static<typeof AreaImportState>;
export type AreaImportChoices = Static<typeof AreaImportOptions>;
export type AreaImportPreview = Static<typeof AreaImportRows>;
export type AreaImportRow = AreaImportPreview['rows'][number];

/** The file itself is the body, as for a ledger. */
export function uploadBoundaryFile(file: File): Promise<AreaImport> {
  return requestJson(`/api/area-imports?file_name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    body: file,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

export function startPreview(id: number, choices: AreaImportChoices): Promise<AreaImport> {
  return requestJson(`/api/area-imports/${id}/preview`, { method: 'POST', body: JSON.stringify(choices) });
}

export function startCommit(id: number): Promise<AreaImport> {
  return requestJson(`/api/area-imports/${id}/commit`, { method: 'POST', body: '{}' });
}

export function areaImportState(id: number): Promise<AreaImport> {
  return requestJson(`/api/area-imports/${id}`);
}

export function previewRows(id: number): Promise<AreaImportPreview> {
  return requestJson(`/api/area-imports/${id}/rows?limit=1000`);
}

/** Polls the import until it leaves the step it is working in. */
export async function settled(id: number, onProgress: (state: AreaImport) => void): Promise<AreaImport> {
  for (;;) {
    const state = await areaImportState(id);
    onProgress(state);
    if (state.state !== 'analysing' && state.state !== 'committing') return state;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}
