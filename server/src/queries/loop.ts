import type pg from 'pg';
import type { TransitionEffects } from '../domain/lifecycle.js';

/** Writes a transition's effects on a project at `version`; false when it moved on meanwhile. */
export async function applyTransition(client: pg.PoolClient, id: number, version: number, e: TransitionEffects): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE projects
        SET status          = $3,
            unit_id         = CASE WHEN $4::boolean THEN $5::integer ELSE unit_id END,
            deadline        = CASE WHEN $6::boolean THEN $7::date ELSE deadline END,
            completed_on    = CASE WHEN $8::boolean THEN $9::date ELSE completed_on END,
            verified_on     = CASE WHEN $10::boolean THEN $11::date ELSE verified_on END,
            completion_note = CASE WHEN $12::boolean THEN $13 ELSE completion_note END,
            reopen_count    = reopen_count + $14,
            version = version + 1, updated_at = now()
      WHERE id = $1 AND version = $2 AND deleted_at IS NULL`,
    [
      id,
      version,
      e.status,
      e.unit_id !== undefined,
      e.unit_id ?? null,
      e.deadline !== undefined,
      e.deadline ?? null,
      e.completed_on !== undefined,
      e.completed_on ?? null,
      e.verified_on !== undefined,
      e.verified_on ?? null,
      e.completion_note !== undefined,
      e.completion_note ?? null,
      e.reopen ? 1 : 0,
    ],
  );
  return rowCount === 1;
}

export async function insertFollowUp(
  client: pg.PoolClient,
  f: { projectId: number; followedOn: string; satisfaction: number; satisfied: boolean; note: string | null; actor: string },
): Promise<void> {
  await client.query(
    `INSERT INTO project_follow_ups (project_id, followed_on, satisfaction, satisfied, note, actor)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [f.projectId, f.followedOn, f.satisfaction, f.satisfied, f.note, f.actor],
  );
}

export interface FollowUpRow {
  id: number;
  followed_on: string;
  satisfaction: number;
  satisfied: boolean;
  note: string | null;
  actor: string;
}

export async function followUpsOfProject(db: pg.Pool | pg.PoolClient, projectId: number): Promise<FollowUpRow[]> {
  const { rows } = await db.query<FollowUpRow>(
    `SELECT id, followed_on, satisfaction, satisfied, note, actor
       FROM project_follow_ups WHERE project_id = $1 ORDER BY id`,
    [projectId],
  );
  return rows;
}
