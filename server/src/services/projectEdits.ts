import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { bodyError, InvalidInputError, NotFoundError, VersionConflictError, type FieldError } from '../domain/errors.js';
import { EDITABLE_FIELDS, inputSchemaErrors, resolveProject, type PatchProject, type ProjectInput, type ProjectRecord } from '../domain/project.js';
import {
  appendHistory,
  checkGeometry,
  insertProject,
  projectById,
  softDeleteProject,
  updateProject,
  type ProjectRow,
} from '../queries/projects.js';
import { unitExists } from '../queries/units.js';

/**
 * The edits a user makes to projects. Each is one transaction: the change and
 * its history row are written together or not at all, and a refused edit
 * leaves nothing behind.
 */
export interface EditContext {
  pool: pg.Pool;
  actor: string;
  today: string;
}

export async function createProject(
  ctx: EditContext,
  feature: { geometry: unknown; properties: ProjectInput },
): Promise<ProjectRow> {
  // Routes validate their bodies; other callers (Open311, imports) are checked here the same way.
  const schemaErrors = inputSchemaErrors(feature.properties);
  if (schemaErrors.length > 0) throw new InvalidInputError(schemaErrors);
  return withTransaction(ctx.pool, async (client) => {
    const resolved = resolveProject(feature.properties, feature.geometry, ctx.today);
    if (!resolved.ok) throw new InvalidInputError(resolved.errors);
    const geojson = JSON.stringify(feature.geometry);
    await refuseWhatTheDatabaseWould(client, resolved.record, geojson);
    const id = await insertProject(client, resolved.record, geojson);
    await appendHistory(client, id, {
      version: 1,
      action: 'create',
      actor: ctx.actor,
      from_status: null,
      to_status: resolved.record.status,
      changes: {},
      note: null,
    });
    return (await projectById(client, id))!;
  });
}

export async function editProject(ctx: EditContext, id: number, patch: PatchProject): Promise<ProjectRow> {
  return withTransaction(ctx.pool, async (client) => {
    const current = await projectById(client, id, { lock: true });
    if (!current) throw new NotFoundError(`project ${id} does not exist`);
    if (current.version !== patch.version) throw new VersionConflictError(current.version);

    const merged = { ...currentInput(current), ...patch.properties } as ProjectInput;
    const geometry = patch.geometry ?? current.geometry;
    // The loop state is not an input: an edit carries it over as it is.
    const resolved = resolveProject(merged, geometry, ctx.today, current);
    if (!resolved.ok) throw new InvalidInputError(resolved.errors);

    const newGeojson = patch.geometry ? JSON.stringify(patch.geometry) : null;
    const normalized = await refuseWhatTheDatabaseWould(client, resolved.record, newGeojson);
    const changes = changedFields(current, resolved.record);
    if (normalized !== null && normalized !== JSON.stringify(current.geometry)) {
      changes.geometry = [current.geometry, JSON.parse(normalized) as unknown];
    }
    if (Object.keys(changes).length === 0) return current;

    await updateProject(client, id, current.version, resolved.record, newGeojson);
    await appendHistory(client, id, {
      version: current.version + 1,
      action: 'update',
      actor: ctx.actor,
      from_status: current.status,
      to_status: resolved.record.status,
      changes,
      note: null,
    });
    return (await projectById(client, id))!;
  });
}

export async function deleteProject(ctx: EditContext, id: number, version: number | undefined): Promise<void> {
  await withTransaction(ctx.pool, async (client) => {
    const current = await projectById(client, id, { lock: true });
    if (!current) throw new NotFoundError(`project ${id} does not exist`);
    if (version !== undefined && current.version !== version) throw new VersionConflictError(current.version);
    await softDeleteProject(client, id, current.version);
    await appendHistory(client, id, {
      version: current.version + 1,
      action: 'delete',
      actor: ctx.actor,
      from_status: current.status,
      to_status: current.status,
      changes: {},
      note: null,
    });
  });
}

/** The stored project in the shape of an input, so an edit can be merged over it. */
function currentInput(row: ProjectRow): ProjectInput {
  return Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, row[f]])) as ProjectInput;
}

function changedFields(before: ProjectRow, after: ProjectRecord): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const field of EDITABLE_FIELDS) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changes[field] = [before[field], after[field]];
  }
  return changes;
}

/**
 * Checks what only the database knows — that the unit exists, that GEOS finds
 * the geometry valid — so the user gets a 400 naming the field rather than a
 * constraint violation. Returns the geometry as it will be stored.
 */
async function refuseWhatTheDatabaseWould(
  client: pg.PoolClient,
  record: ProjectRecord,
  geojson: string | null,
): Promise<string | null> {
  const errors: FieldError[] = [];
  if (record.unit_id !== null && !(await unitExists(client, record.unit_id))) {
    errors.push(bodyError('/properties/unit_id', `there is no responsible unit ${record.unit_id}`, `责任单位 ${record.unit_id} 不存在`));
  }
  let normalized: string | null = null;
  if (geojson !== null) {
    const check = await checkGeometry(client, geojson);
    if (!check.valid) {
      errors.push(bodyError('/geometry', `invalid geometry: ${check.reason}`, `几何无效:${check.reason}`));
    }
    normalized = check.normalized;
  }
  if (errors.length > 0) throw new InvalidInputError(errors);
  return normalized;
}
