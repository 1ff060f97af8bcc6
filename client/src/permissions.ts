/**
 * What the current user may do. Until users and roles exist, editing is on for
 * everyone; the roles issue replaces this with the logged-in user's role.
 */
export interface Permissions {
  canEdit: boolean;
}

export function usePermissions(): Permissions {
  return { canEdit: true };
}
