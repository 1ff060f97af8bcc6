import type pg from 'pg';
import { NotFoundError } from '../domain/errors.js';
import { seesOnlyOwnUnit } from '../domain/roles.js';
import type { SessionUser } from '../domain/user.js';
import { projectById, type ProjectRow } from '../queries/projects.js';

type Queryable = pg.Pool | pg.PoolClient;

/**
 * Whether a user may see a project's private side. A unit user's world is its
 * own unit's projects: another unit's project is answered as not found, so a
 * unit cannot even learn which ids exist elsewhere.
 */
export function withinReach(user: SessionUser | null, project: { unit_id: number | null }): boolean {
  return !seesOnlyOwnUnit(user?.role) || (user!.unitId !== null && project.unit_id === user!.unitId);
}

/** The project, if it exists and is within the user's reach; otherwise 404. */
export async function projectInReach(
  db: Queryable,
  id: number,
  user: SessionUser | null,
  options: { lock?: boolean } = {},
): Promise<ProjectRow> {
  const row = await projectById(db, id, options);
  if (!row || !withinReach(user, row)) throw new NotFoundError(`project ${id} does not exist`);
  return row;
}
