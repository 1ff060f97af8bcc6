import { describe, expect, it } from 'vitest';
import { CAPABILITIES, can, type Capability, type Role } from '../../server/src/domain/roles.js';
import { STATUSES } from '../../server/src/domain/status.js';
import { permissionsOf } from './permissions.js';
import { PUBLIC_SESSION, type Session } from './session/session.js';

/** A session as GET /api/me answers it for a role: the capabilities the server grants that role. */
function sessionOf(role: Role): Session {
  const capabilities = (Object.keys(CAPABILITIES) as Capability[]).filter((c) => can(role, c));
  return { user: { id: 1, username: `u-${role}`, display_name: role, role, unit_id: role === 'unit' ? 7 : null, unit_name: null }, capabilities };
}

const nextSteps = (session: Session) =>
  Object.fromEntries(STATUSES.map((s) => [s, permissionsOf(session).transitionsFrom(s).map((t) => t.to)]).filter(([, to]) => to!.length > 0));

describe('permissions derived from the role', () => {
  it('gives the public no control at all', () => {
    const p = permissionsOf(PUBLIC_SESSION);
    expect(p).toMatchObject({ role: null, canCreate: false, canEdit: false, canDelete: false, canReadPrivate: false, canUploadPhoto: false, canReadDashboard: false, canAdmin: false, canImport: false });
    expect(nextSteps(PUBLIC_SESSION)).toEqual({});
  });

  it('lets a planner create, edit, delete, upload, import ledgers and take every step of the loop, but not administer', () => {
    const p = permissionsOf(sessionOf('planner'));
    expect(p).toMatchObject({ canCreate: true, canEdit: true, canDelete: true, canReadPrivate: true, canUploadPhoto: true, canReadDashboard: true, canAdmin: false, canImport: true });
    expect(nextSteps(sessionOf('planner'))).toEqual({
      reported: ['assigned', 'cancelled'],
      assigned: ['in_progress', 'cancelled'],
      in_progress: ['completed', 'cancelled'],
      completed: ['verified', 'in_progress'],
    });
  });

  it('lets a unit start and complete its work and upload photos, and nothing else', () => {
    const p = permissionsOf(sessionOf('unit'));
    expect(p).toMatchObject({ canCreate: false, canEdit: false, canDelete: false, canReadPrivate: true, canUploadPhoto: true, canReadDashboard: false, canAdmin: false, canImport: false });
    expect(nextSteps(sessionOf('unit'))).toEqual({ assigned: ['in_progress'], in_progress: ['completed'] });
  });

  it('lets a leader read everything and the dashboard, and change nothing', () => {
    const p = permissionsOf(sessionOf('leader'));
    expect(p).toMatchObject({ canCreate: false, canEdit: false, canDelete: false, canReadPrivate: true, canUploadPhoto: false, canReadDashboard: true, canAdmin: false, canImport: false });
    expect(nextSteps(sessionOf('leader'))).toEqual({});
  });

  it('lets an administrator manage users and units, but not edit projects or take steps of the loop', () => {
    const p = permissionsOf(sessionOf('admin'));
    expect(p).toMatchObject({ canAdmin: true, canCreate: false, canEdit: false, canDelete: false, canUploadPhoto: false, canImport: false });
    expect(nextSteps(sessionOf('admin'))).toEqual({});
  });

  it('follows the capabilities the server sent, not the role name alone', () => {
    const planner = sessionOf('planner');
    const p = permissionsOf({ ...planner, capabilities: planner.capabilities.filter((c) => c !== 'deleteProject') });
    expect(p).toMatchObject({ canEdit: true, canDelete: false });
  });

  it('offers the ledger import only with the importLedger capability', () => {
    const planner = sessionOf('planner');
    expect(permissionsOf(planner).canImport).toBe(true);
    expect(permissionsOf({ ...planner, capabilities: planner.capabilities.filter((c) => c !== 'importLedger') }).canImport).toBe(false);
  });
});
