import type pg from 'pg';

export interface ApiKeyRow {
  id: number;
  name: string;
  created_by: string;
  created_at: Date;
  revoked: boolean;
}

const COLUMNS = 'id, name, created_by, created_at, revoked_at IS NOT NULL AS revoked';

export async function insertApiKey(db: pg.Pool, k: { name: string; keyHash: string; createdBy: string }): Promise<ApiKeyRow> {
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (name, key_hash, created_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    [k.name, k.keyHash, k.createdBy],
  );
  return rows[0]!;
}

export async function allApiKeys(db: pg.Pool): Promise<ApiKeyRow[]> {
  const { rows } = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY id`);
  return rows;
}

/** The live key with this hash, or undefined. */
export async function liveApiKey(db: pg.Pool, keyHash: string): Promise<ApiKeyRow | undefined> {
  const { rows } = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [keyHash]);
  return rows[0];
}

export async function revokeApiKey(db: pg.Pool, id: number): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1', [id]);
  return rowCount === 1;
}
