import { useQuery } from '@tanstack/react-query';
import type { Role } from '../../../../server/src/domain/roles.js';
import type { CreateUser, PatchUser } from '../../../../server/src/domain/user.js';
import { requestJson } from '../../api/http.js';
import type { Unit } from '../../api/types.js';

export interface User {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit_id: number | null;
  unit_name: string | null;
  disabled: boolean;
  is_demo: boolean;
  created_at: string;
}

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
