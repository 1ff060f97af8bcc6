import type pg from 'pg';

/**
 * Draws `count` ids from a table's identity sequence, in order. The loader
 * inserts whole tables in one statement and must know which id each of its
 * in-memory rows got (history rows point at projects; projects at compounds);
 * taking the ids first keeps the sequence honest for later inserts.
 */
const NEXT_IDS = `SELECT nextval(pg_get_serial_sequence($1, 'id'))::int AS id FROM generate_series(1, $2::int) ORDER BY 1`;

export async function allocateIds(client: pg.PoolClient, table: 'compounds' | 'roads' | 'projects', count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await client.query<{ id: number }>(NEXT_IDS, [table, count]);
  return rows.map((r) => r.id);
}
