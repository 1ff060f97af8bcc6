import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { bodyError, InvalidInputError, notAllowed, RequestRefusedError, VersionConflictError } from '../domain/errors.js';
import { findKind } from '../domain/kinds/index.js';
import {
  findTransition,
  planTransition,
  ROLES_THAT_TRANSITION,
  transitionsFor,
  type TransitionEffects,
  type TransitionRequest,
} from '../domain/lifecycle.js';
import { STATUS_LABELS } from '../domain/status.js';
import type { SessionUser } from '../domain/user.js';
import { applyTransition, insertFollowUp } from '../queries/loop.js';
import { appendHistory, projectById, type ProjectRow } from '../queries/projects.js';
import { unitExists } from '../queries/units.js';
import { projectInReach } from './projectAccess.js';

/**
 * Moves a project one step round the loop. Refusals change nothing: 403 for a
 * role that may not take the step, 409 for a step the loop does not have (or a
 * stale version), 400 for what the step needs and the request lacks. The new
 * state, any follow-up and the history row are written in one transaction.
 */
export async function transitionProject(
  pool: pg.Pool,
  id: number,
  request: TransitionRequest,
  user: SessionUser,
  today: string,
): Promise<ProjectRow> {
  if (!ROLES_THAT_TRANSITION.includes(user.role)) throw notAllowed('change the status of projects', '变更项目状态');
  return withTransaction(pool, async (client) => {
    const current = await projectInReach(client, id, user, { lock: true });
    if (request.version !== undefined && request.version !== current.version) throw new VersionConflictError(current.version);

    const transition = findTransition(current.status, request.to);
    if (!transition) throw invalidTransition(current, request.to, user);
    if (!transition.roles.includes(user.role)) {
      throw notAllowed(`move a project from ${current.status} to ${request.to}`, `将项目从“${STATUS_LABELS[current.status].zh}”转为“${STATUS_LABELS[request.to].zh}”`);
    }
    const planned = planTransition(transition, current, request, findKind(current.kind)!, today);
    if (!planned.ok) throw new InvalidInputError(planned.errors);
    const { effects } = planned;
    if (effects.unit_id !== undefined && effects.unit_id !== current.unit_id && !(await unitExists(client, effects.unit_id))) {
      throw new InvalidInputError([bodyError('/unit_id', `there is no responsible unit ${effects.unit_id}`, `责任单位 ${effects.unit_id} 不存在`)]);
    }

    await applyTransition(client, id, current.version, effects);
    if (effects.followUp) {
      await insertFollowUp(client, { projectId: id, followedOn: today, ...effects.followUp, note: effects.note, actor: user.username });
    }
    await appendHistory(client, id, {
      version: current.version + 1,
      action: 'transition',
      actor: user.username,
      from_status: current.status,
      to_status: effects.status,
      changes: transitionChanges(current, effects),
      note: effects.note,
    });
    return (await projectById(client, id))!;
  });
}

function transitionChanges(before: ProjectRow, e: TransitionEffects): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  if (e.unit_id !== undefined && e.unit_id !== before.unit_id) changes.unit_id = [before.unit_id, e.unit_id];
  if (e.deadline !== undefined && e.deadline !== before.deadline) changes.deadline = [before.deadline, e.deadline];
  if (e.followUp) changes.satisfaction = [null, e.followUp.satisfaction];
  return changes;
}

function invalidTransition(current: ProjectRow, to: string, user: SessionUser): RequestRefusedError {
  const next = transitionsFor(current.status, user.role).map((t) => t.to);
  const from = STATUS_LABELS[current.status];
  return new RequestRefusedError(
    409,
    'INVALID_TRANSITION',
    `a ${current.status} project cannot move to ${to}` + (next.length ? `; from ${current.status} you may move it to ${next.join(', ')}` : ''),
    `“${from.zh}”的项目不能转为该状态` + (next.length ? `,可转为:${next.map((s) => STATUS_LABELS[s].zh).join('、')}` : ''),
    { currentStatus: current.status, allowed: next },
  );
}
