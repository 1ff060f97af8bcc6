import { transitionsFor, type Transition } from '../../server/src/domain/lifecycle.js';
import type { Capability, Role } from '../../server/src/domain/roles.js';
import type { Status } from '../../server/src/domain/status.js';
import { useSession, type Session } from './session/session.js';

/**
 * What the current user may do, so each role sees only the controls it can
 * use. Read from the session's capabilities (the server's CAPABILITIES table
 * for the role) and the lifecycle's transition table; the server checks the
 * same on every request, so a control shown here is never the only guard.
 */
export interface Permissions {
  /** null for the public. */
  role: Role | null;
  canCreate: boolean;
  canEdit: boolean;
  canDelete: boolean;
  /** Reporter, phone, internal note, non-public photos, who did what in the history. */
  canReadPrivate: boolean;
  canUploadPhoto: boolean;
  canReadDashboard: boolean;
  /** Users and responsible units. */
  canAdmin: boolean;
  /** Bring projects in from an Excel or CSV ledger (台账), and place the rows that had no coordinates. */
  canImport: boolean;
  /** The steps of the loop this user may take from a status: the buttons to offer. */
  transitionsFrom(status: Status): Transition[];
}

export function permissionsOf(session: Session): Permissions {
  const has = (capability: Capability) => session.capabilities.includes(capability);
  const role = session.user?.role ?? null;
  return {
    role,
    canCreate: has('createProject'),
    canEdit: has('editProject'),
    canDelete: has('deleteProject'),
    canReadPrivate: has('readPrivate'),
    canUploadPhoto: has('uploadPhoto'),
    canReadDashboard: has('readDashboard'),
    canAdmin: has('manageUsers') || has('manageUnits'),
    canImport: has('importLedger'),
    transitionsFrom: (status) => transitionsFor(status, role),
  };
}

export function usePermissions(): Permissions {
  return permissionsOf(useSession().session);
}
