import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CreateUser, PatchUser, UserOutput } from '../../../../server/src/domain/user.js';
import type { UnitBody } from '../../../../server/src/domain/api/units.js';
import type { ListCommitOutput, ListKindSchema, ListMappingBody, ListPreviewOutput, ListUploadOutput } from '../../../../server/src/domain/listImports.js';
import { requestJson } from '../../api/http.js';
import type { Unit } from '../../api/types.js';

/** A user as GET /api/users answers: the server's response schema, not a copy of it. */
export type User = Static<typeof UserOutput>;

/** What POST /api/units takes: the route's own schema. */
export type UnitInput = Static<typeof UnitBody>;

export const adminKeys = { users: ['users'] as const };

export function useUsers() {
  return useQuery({ queryKey: adminKeys.users, queryFn: () => requestJson<User[]>('/api/users') });
}

export function createUser(input: CreateUser): Promise<User> {
  return requestJson('/api/users', { method: 'POST', body: JSON.stringify(input) });
}

export function changeUser(id: number, patch: PatchUser): Promise<User> {
  return requestJson(`/api/users/${id}`, { method: 'PATCH', body: JSON.stringify(patch) });
}

export function createUnit(input: UnitInput): Promise<Unit> {
  return requestJson('/api/units', { method: 'POST', body: JSON.stringify(input) });
}

export function changeUnit(id: number, patch: Partial<UnitInput>): Promise<Unit> {
  return requestJson(`/api/units/${id}`, { method: 'PATCH', body: JSON.stringify(patch) });
}

/** Lists (单位名录, 人员名单, 小区名录): the server's schemas, not copies of them. */
export type ListKind = Static<typeof ListKindSchema>;
export type ListUpload = Static<typeof ListUploadOutput>;
export type ListMapping = Static<typeof ListMappingBody>;
export type ListPreview = Static<typeof ListPreviewOutput>;
export type ListCommit = Static<typeof ListCommitOutput>;

/** The file itself is the body, as for a ledger. */
export function uploadList(kind: ListKind, file: File): Promise<ListUpload> {
  return requestJson(`/api/list-imports?kind=${kind}&file_name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    body: file,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

export function previewList(id: number, body: ListMapping): Promise<ListPreview> {
  return requestJson(`/api/list-imports/${id}/preview`, { method: 'POST', body: JSON.stringify(body) });
}

export function commitList(id: number, body: ListMapping): Promise<ListCommit> {
  return requestJson(`/api/list-imports/${id}/commit`, { method: 'POST', body: JSON.stringify(body) });
}
