import type { Status } from '../../server/src/domain/status.js';
import type { TestSession } from './auth.js';
import { createProject, pointFeature } from './fixtures.js';

export interface ProjectRef {
  id: number;
  version: number;
  status: Status;
}

/** The steps from reported to each status, and what each step needs. */
const PATH_TO: Record<Status, { to: Status; extra: object }[]> = {
  reported: [],
  assigned: [{ to: 'assigned', extra: {} }],
  in_progress: [
    { to: 'assigned', extra: {} },
    { to: 'in_progress', extra: {} },
  ],
  completed: [
    { to: 'assigned', extra: {} },
    { to: 'in_progress', extra: {} },
    { to: 'completed', extra: { note: '已更换灯泡' } },
  ],
  verified: [
    { to: 'assigned', extra: {} },
    { to: 'in_progress', extra: {} },
    { to: 'completed', extra: { note: '已更换灯泡' } },
    { to: 'verified', extra: { satisfaction: 5, note: '居民满意' } },
  ],
  cancelled: [{ to: 'cancelled', extra: { note: '重复上报' } }],
};

export async function transition(session: TestSession, id: number, body: object) {
  return session.inject({ method: 'POST', url: `/api/projects/${id}/transitions`, payload: body });
}

/**
 * A new streetlight project of a unit, walked by the planner through the loop
 * to `status`: the fixture most role and lifecycle tests start from.
 */
export async function projectAt(planner: TestSession, status: Status, unitId: number, title = '测试路灯'): Promise<ProjectRef> {
  const created = await createProject(planner, pointFeature({ kind: 'streetlight', title, reporter_name: '测试上报人', reporter_phone: '13900000000' }));
  return walkTo(planner, { id: created.id, version: created.properties.version }, status, unitId);
}

/** A project in status reported (its id and version) walked by the planner through the loop to `status`, assigned to the unit on the way. */
export async function walkTo(planner: TestSession, project: Pick<ProjectRef, 'id' | 'version'>, status: Status, unitId: number): Promise<ProjectRef> {
  let version = project.version;
  for (const step of PATH_TO[status]) {
    const payload = step.to === 'assigned' ? { to: 'assigned', unit_id: unitId, version } : { to: step.to, version, ...step.extra };
    const response = await transition(planner, project.id, payload);
    if (response.statusCode !== 200) throw new Error(`${step.to}: ${response.statusCode} ${response.body}`);
    version = response.json<{ properties: { version: number } }>().properties.version;
  }
  return { id: project.id, version, status };
}
