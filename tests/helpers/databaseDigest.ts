import pg from 'pg';

/** Row count and MD5 of the rows (as PostgreSQL prints them, in primary-key order) of every table; the value of every sequence. */
export type DatabaseDigest = Record<string, { rows: number; md5: string } | { lastValue: number | null }>;

/**
 * What two databases must agree on to hold the same data. Found through
 * information_schema, independently of the dump code under test, so that a
 * table or column the dump leaves out shows up as a difference.
 */
export async function databaseDigest(url: string): Promise<DatabaseDigest> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query("SET LOCAL TimeZone = 'UTC'; SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'");
    const { rows: tables } = await client.query<{ name: string; key: string[] | null }>(`
      SELECT t.table_name AS name,
             (SELECT array_agg(quote_ident(k.column_name::text) ORDER BY k.ordinal_position)
                FROM information_schema.table_constraints c
                JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)
               WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY') AS key
        FROM information_schema.tables t
       WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND t.table_name <> 'spatial_ref_sys'
       ORDER BY 1`);
    const digest: DatabaseDigest = {};
    for (const t of tables) {
      const orderBy = t.key ? t.key.map((k) => `r.${k}`).join(', ') : 'r::text';
      const { rows } = await client.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(r::text, E'\\n' ORDER BY ${orderBy}), '')) AS md5 FROM public.${pg.escapeIdentifier(t.name)} r`,
      );
      digest[t.name] = rows[0]!;
    }
    const { rows: sequences } = await client.query<{ name: string; last_value: string | null }>(
      "SELECT sequencename AS name, last_value::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1",
    );
    for (const s of sequences) digest[`sequence ${s.name}`] = { lastValue: s.last_value === null ? null : Number(s.last_value) };
    await client.query('COMMIT');
    return digest;
  } finally {
    await client.end();
  }
}
