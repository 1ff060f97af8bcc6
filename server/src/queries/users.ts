import type pg from 'pg';
import type { Role } from '../domain/roles.js';

type Queryable = pg.Pool | pg.PoolClient;

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit_id: number | null;
  unit_name: string | null;
  /** The street or community the user works in, as the staff list gave it (migration 0026); issue 27 makes it a jurisdiction. */
  area_id: number | null;
  area_name: string | null;
  disabled: boolean;
  is_demo: boolean;
  created_at: Date;
}

const USER_COLUMNS = `
  u.id, u.username, u.display_name, u.role, u.unit_id, un.name AS unit_name, u.area_id, ar.name AS area_name,
  u.disabled_at IS NOT NULL AS disabled, u.is_demo, u.created_at`;

const USER_JOINS = 'FROM users u LEFT JOIN units un ON un.id = u.unit_id LEFT JOIN areas ar ON ar.id = u.area_id';

export async function allUsers(db: Queryable): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} ${USER_JOINS} ORDER BY u.role, lower(u.username)`);
  return rows;
}

export async function userById(db: Queryable, id: number): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} ${USER_JOINS} WHERE u.id = $1`, [id]);
  return rows[0];
}

/**
 * The user whose name has this key (usernameKey), with the hash to check the
 * password against. Stored names are ASCII, so lower() here is the same
 * mapping in every database locale.
 */
export async function userForLogin(db: Queryable, key: string): Promise<(UserRow & { password_hash: string }) | undefined> {
  const { rows } = await db.query<UserRow & { password_hash: string }>(`SELECT ${USER_COLUMNS}, u.password_hash ${USER_JOINS} WHERE lower(u.username) = $1`, [key]);
  return rows[0];
}

export async function usernameTaken(db: Queryable, key: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM users WHERE lower(username) = $1', [key]);
  return rowCount !== 0;
}

export interface NewUser {
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  unit_id: number | null;
  is_demo?: boolean;
}

export async function insertUser(db: Queryable, user: NewUser): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO users (username, display_name, password_hash, role, unit_id, is_demo)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [user.username, user.display_name, user.password_hash, user.role, user.unit_id, user.is_demo ?? false],
  );
  return rows[0]!.id;
}

export interface UserChanges {
  display_name?: string;
  password_hash?: string;
  role?: Role;
  unit_id?: number | null;
  disabled?: boolean;
}

/** Changes only the fields given; the rest keep their values. */
export async function updateUser(db: Queryable, id: number, c: UserChanges): Promise<void> {
  await db.query(
    `UPDATE users SET
       display_name  = COALESCE($2, display_name),
       password_hash = COALESCE($3, password_hash),
       role          = COALESCE($4, role),
       unit_id       = CASE WHEN $5::boolean THEN $6::integer ELSE unit_id END,
       disabled_at   = CASE WHEN $7::boolean IS NULL THEN disabled_at
                            WHEN $7 THEN COALESCE(disabled_at, now()) ELSE NULL END
     WHERE id = $1`,
    [id, c.display_name ?? null, c.password_hash ?? null, c.role ?? null, c.unit_id !== undefined, c.unit_id ?? null, c.disabled ?? null],
  );
}

export async function demoUserCount(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE is_demo AND disabled_at IS NULL');
  return rows[0]!.n;
}

export async function demoUsernames(db: Queryable): Promise<{ username: string; role: Role }[]> {
  const { rows } = await db.query<{ username: string; role: Role }>(
    `SELECT username, role FROM users WHERE is_demo AND disabled_at IS NULL
      ORDER BY array_position(ARRAY['admin', 'planner', 'unit', 'leader'], role), username`,
  );
  return rows;
}
