import type pg from 'pg';

export interface DatabaseVersions {
  postgres: string;
  postgis: string;
  migration: number;
}

export async function databaseVersions(db: pg.Pool): Promise<DatabaseVersions> {
  const { rows } = await db.query<DatabaseVersions>(`
    SELECT current_setting('server_version') AS postgres,
           postgis_lib_version() AS postgis,
           COALESCE((SELECT max(version) FROM schema_migrations), 0) AS migration`);
  return rows[0]!;
}
