import type { FastifyInstance } from 'fastify';
import type { TestSession } from './auth.js';

/** A point in 石鼓区 (Shigu District, Hengyang), inside the demo data's streets. */
export const SHIGU_POINT: [number, number] = [112.6105, 26.9005];

/** A small square around a point, as a closed polygon ring. */
export function squareAround([lon, lat]: [number, number], half = 0.001): [number, number][][] {
  return [
    [
      [lon - half, lat - half],
      [lon + half, lat - half],
      [lon + half, lat + half],
      [lon - half, lat + half],
      [lon - half, lat - half],
    ],
  ];
}

export function pointFeature(properties: Record<string, unknown>, coordinates: [number, number] = SHIGU_POINT) {
  return { type: 'Feature', geometry: { type: 'Point', coordinates }, properties };
}

/** Rows in the project tables, deleted ones included: what "nothing was stored" is checked against. */
export async function projectTableCounts(app: FastifyInstance): Promise<{ projects: number; history: number }> {
  const { rows } = await app.db.pool.query<{ projects: number; history: number }>(
    'SELECT (SELECT count(*) FROM projects)::int AS projects, (SELECT count(*) FROM project_history)::int AS history',
  );
  return rows[0]!;
}

/** Creates a project as a logged-in planner (see loginAs). */
export async function createProject(planner: Pick<TestSession, 'inject'>, feature: object) {
  const response = await planner.inject({ method: 'POST', url: '/api/projects', payload: feature });
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json<{ id: number; properties: Record<string, unknown> & { version: number } }>();
}

/** Any unit of the demo data: enough for tests that need a real responsible unit. */
export async function someUnitId(app: FastifyInstance): Promise<number> {
  const { rows } = await app.db.pool.query<{ id: number }>('SELECT id FROM units ORDER BY id LIMIT 1');
  return rows[0]!.id;
}

/** The id of the demo area with this name (石鼓区 is where most tests put their projects). */
export async function areaIdNamed(app: FastifyInstance, name: string): Promise<number> {
  const { rows } = await app.db.pool.query<{ id: number }>('SELECT id FROM areas WHERE name = $1', [name]);
  if (rows.length !== 1) throw new Error(`expected one area named ${name}, found ${rows.length}`);
  return rows[0]!.id;
}
