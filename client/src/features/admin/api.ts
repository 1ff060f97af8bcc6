import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CreateUser, PatchUser, UserOutput } from '../../../../server/src/domain/user.js';
import { requestJson } from '../../api/http.js';
import type { Unit } from '../../api/types.js';

/** A user as GET /api/users answers: the server's response schema, not a copy of it. */
export type User = Static<typeof UserOutput>;

export interface UnitInput {
  name: string;
  name_en?: string | null;
  district_id?: number | null;
}

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
