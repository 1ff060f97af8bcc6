import { expect } from 'vitest';
import type { ImportOptionsInput, ImportState, PreviewRowOutput, RowOutcome } from '../../server/src/domain/ledgerImport.js';
import type { TestSession } from './auth.js';

/** Uploads a ledger file as the app does: its bytes as the body. */
export async function uploadLedger(planner: TestSession, fileName: string, bytes: Buffer) {
  return planner.inject({
    method: 'POST',
    url: `/api/imports?file_name=${encodeURIComponent(fileName)}`,
    headers: { 'content-type': 'application/octet-stream' },
    payload: bytes,
  });
}

/** Polls an import until it leaves the state it is working in. */
export async function settled(planner: TestSession, id: number): Promise<ImportState> {
  for (let i = 0; i < 2400; i++) {
    const state = (await planner.inject(`/api/imports/${id}`)).json<ImportState>();
    if (state.state !== 'analysing' && state.state !== 'committing') return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`import ${id} did not settle`);
}

/** The options the mapping step would send when the user accepts every guess. */
export function acceptedOptions(state: ImportState, overrides: Partial<ImportOptionsInput> = {}): ImportOptionsInput {
  const sheet = state.sheets.find((s) => s.header_row !== null)!;
  return {
    ledger_name: state.ledger.name,
    sheet: sheet.name,
    header_row: sheet.header_row!,
    mapping: sheet.columns.map((c) => c.field),
    crs: state.crs,
    ...overrides,
  };
}

/** Upload → preview with the guessed mapping; the previewed state. */
export async function previewLedger(planner: TestSession, fileName: string, bytes: Buffer, overrides: Partial<ImportOptionsInput> = {}): Promise<ImportState> {
  const upload = await uploadLedger(planner, fileName, bytes);
  expect(upload.statusCode, upload.body).toBe(201);
  const uploaded = upload.json<ImportState>();
  const started = await planner.inject({ method: 'POST', url: `/api/imports/${uploaded.id}/preview`, payload: acceptedOptions(uploaded, overrides) });
  expect(started.statusCode, started.body).toBe(202);
  const state = await settled(planner, uploaded.id);
  expect(state.state, JSON.stringify(state.error)).toBe('previewed');
  return state;
}

export async function commitImport(planner: TestSession, id: number): Promise<ImportState> {
  const started = await planner.inject({ method: 'POST', url: `/api/imports/${id}/commit`, payload: {} });
  expect(started.statusCode, started.body).toBe(202);
  const state = await settled(planner, id);
  expect(state.state, JSON.stringify(state.error)).toBe('committed');
  return state;
}

export async function previewRowsOf(planner: TestSession, id: number, outcome?: RowOutcome): Promise<PreviewRowOutput[]> {
  const response = await planner.inject(`/api/imports/${id}/rows?limit=1000${outcome ? `&outcome=${outcome}` : ''}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ rows: PreviewRowOutput[] }>().rows;
}
