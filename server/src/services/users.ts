import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { bodyError, InvalidInputError, NotFoundError, type FieldError } from '../domain/errors.js';
import { hashPassword, passwordProblem } from '../domain/password.js';
import type { Role } from '../domain/roles.js';
import { usernameKey, type CreateUser, type PatchUser } from '../domain/user.js';
import { deleteSessionsOfUser } from '../queries/sessions.js';
import { unitExists } from '../queries/units.js';
import { insertUser, updateUser, userById, usernameTaken, type UserRow } from '../queries/users.js';

/** A unit user needs a unit; no other role has one. */
async function unitErrors(db: pg.PoolClient, role: Role, unitId: number | null): Promise<FieldError[]> {
  if (role === 'unit' && unitId === null) {
    return [bodyError('/unit_id', 'a user of role unit belongs to a responsible unit', '责任单位用户须指定所属责任单位')];
  }
  if (role !== 'unit' && unitId !== null) {
    return [bodyError('/unit_id', `a user of role ${role} belongs to no unit`, '只有责任单位用户可以指定所属单位')];
  }
  if (unitId !== null && !(await unitExists(db, unitId))) {
    return [bodyError('/unit_id', `there is no responsible unit ${unitId}`, `责任单位 ${unitId} 不存在`)];
  }
  return [];
}

export async function createUser(pool: pg.Pool, input: CreateUser): Promise<UserRow> {
  return withTransaction(pool, async (client) => {
    const unitId = input.unit_id ?? null;
    const errors = await unitErrors(client, input.role, unitId);
    if (await usernameTaken(client, usernameKey(input.username))) {
      errors.push(bodyError('/username', `the username ${input.username} is taken`, `用户名 ${input.username} 已被使用`));
    }
    const weak = passwordProblem(input.password, input.username);
    if (weak) errors.push(bodyError('/password', weak.en, `密码${weak.zh}`));
    if (errors.length > 0) throw new InvalidInputError(errors);
    const id = await insertUser(client, {
      username: input.username,
      display_name: input.display_name.trim(),
      password_hash: await hashPassword(input.password),
      role: input.role,
      unit_id: unitId,
    });
    return (await userById(client, id))!;
  });
}

/**
 * Changes a user. A new password, a new role or unit, or disabling ends the
 * user's sessions: what they may do changed, so they log in again.
 */
export async function changeUser(pool: pg.Pool, id: number, patch: PatchUser, actingUserId: number): Promise<UserRow> {
  return withTransaction(pool, async (client) => {
    const current = await userById(client, id);
    if (!current) throw new NotFoundError(`user ${id} does not exist`);
    const role = patch.role ?? current.role;
    const unitId = patch.unit_id !== undefined ? patch.unit_id : role === 'unit' ? current.unit_id : null;
    const errors = patch.role !== undefined || patch.unit_id !== undefined ? await unitErrors(client, role, unitId) : [];
    if (id === actingUserId && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin'))) {
      errors.push(bodyError(patch.disabled ? '/disabled' : '/role', 'you cannot lock yourself out of administration', '不能停用自己或取消自己的管理员角色'));
    }
    const weak = patch.password === undefined ? null : passwordProblem(patch.password, current.username);
    if (weak) errors.push(bodyError('/password', weak.en, `密码${weak.zh}`));
    if (errors.length > 0) throw new InvalidInputError(errors);

    await updateUser(client, id, {
      display_name: patch.display_name?.trim(),
      password_hash: patch.password === undefined ? undefined : await hashPassword(patch.password),
      role: patch.role,
      unit_id: patch.role !== undefined || patch.unit_id !== undefined ? unitId : undefined,
      disabled: patch.disabled,
    });
    if (patch.password !== undefined || patch.role !== undefined || patch.unit_id !== undefined || patch.disabled === true) {
      await deleteSessionsOfUser(client, id);
    }
    return (await userById(client, id))!;
  });
}

/** Creates the first administrator from ADMIN_USERNAME / ADMIN_PASSWORD unless that user exists. */
export async function ensureInitialAdmin(
  pool: pg.Pool,
  admin: { username: string; password: string },
  log: { info(msg: string): void },
): Promise<void> {
  if (await usernameTaken(pool, usernameKey(admin.username))) return;
  await createUser(pool, { username: admin.username, display_name: admin.username, password: admin.password, role: 'admin' });
  log.info(`created the administrator ${admin.username} from ADMIN_USERNAME / ADMIN_PASSWORD`);
}
