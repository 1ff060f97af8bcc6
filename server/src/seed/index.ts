import type pg from 'pg';
import { isIsoDate, todayIn, type IsoDate } from '../domain/dates.js';
import { loadStreetsAndCommunities } from './areas.js';
import { loadBoundaries } from './boundaries.js';
import type { SeedLog } from './log.js';
import { DISTRICT_PLANS } from './places.js';
import { loadProjects } from './projects.js';
import { createRandom, DEMO_SEED } from './random.js';
import { loadReferenceLayers } from './referenceLayers.js';
import { loadUnits } from './units.js';
import { loadDemoUsers } from './users.js';
import { DEFAULT_DEMO_PASSWORD } from '../config.js';

export { DEMO_SEED } from './random.js';
export { DEMO_ACTOR } from './projects.js';
export type { SeedLog } from './log.js';

/** The districts' own time zone decides what "today" is for the demo dates. */
export const DEMO_TIME_ZONE = 'Asia/Shanghai';

export interface DemoDataOptions {
  /** YYYY-MM-DD; every demo date is derived from it. Defaults to today in Asia/Shanghai. */
  asOf?: string;
  /** The password of the demo accounts; DEFAULT_DEMO_PASSWORD unless given. */
  demoPassword?: string;
}

export interface DemoSummary {
  asOf: IsoDate;
  seed: number;
  areas: { district: number; street: number; community: number };
  units: number;
  compounds: number;
  roads: number;
  projects: number;
  /** kind → status → count */
  projectsByKindAndStatus: Record<string, Record<string, number>>;
  /** "name (code): reason" for each county boundary that ST_MakeValid repaired. */
  repairedBoundaries: string[];
  elapsedMs: number;
}

/**
 * Loads the county boundaries and the demo data into an empty database, in one
 * transaction of its own: either everything is there afterwards or nothing.
 */
export async function loadDemoData(client: pg.PoolClient, log: SeedLog, options: DemoDataOptions = {}): Promise<DemoSummary> {
  await client.query('BEGIN');
  try {
    const summary = await loadDemoDataInTransaction(client, log, options);
    await client.query('COMMIT');
    return summary;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

/**
 * The same load without BEGIN/COMMIT, for a caller that owns the transaction
 * (the reset path clears and reloads in one).
 */
export async function loadDemoDataInTransaction(client: pg.PoolClient, log: SeedLog, options: DemoDataOptions = {}): Promise<DemoSummary> {
  const started = Date.now();
  const now = new Date(started);
  const today = todayIn(DEMO_TIME_ZONE, now);
  const asOf = options.asOf ?? today;
  if (!isIsoDate(asOf)) throw new Error(`asOf must be a date as YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  await assertEmpty(client);
  // One generator for the whole load, consumed in a fixed order: same seed and asOf, same rows.
  const random = createRandom(DEMO_SEED);
  const boundaries = await loadBoundaries(client, log);
  const districts = await loadStreetsAndCommunities(client, random, DISTRICT_PLANS, log);
  const units = await loadUnits(client, DISTRICT_PLANS);
  const layers = await loadReferenceLayers(client, random, districts);
  // A day still to come keeps its times; any other day has none after the load.
  const latest = asOf > today ? undefined : now;
  const projects = await loadProjects(client, { random, asOf, latest, districts, layers, units });
  await loadDemoUsers(client, options.demoPassword ?? DEFAULT_DEMO_PASSWORD);
  const summary: DemoSummary = {
    asOf,
    seed: DEMO_SEED,
    areas: await areaCounts(client),
    units: units.length,
    compounds: layers.compounds.length,
    roads: layers.roads.length,
    projects: projects.length,
    projectsByKindAndStatus: countByKindAndStatus(projects),
    repairedBoundaries: boundaries.repaired,
    elapsedMs: Date.now() - started,
  };
  log.info(
    `demo data as of ${asOf}: ${summary.areas.district} districts, ${summary.areas.street} streets, ${summary.areas.community} communities, ` +
      `${summary.units} units, ${summary.compounds} compounds, ${summary.roads} roads, ${summary.projects} projects in ${summary.elapsedMs} ms`,
  );
  return summary;
}

/** Empties every data table (not the kinds, not the migrations): the first half of a reset. */
export async function clearData(client: pg.PoolClient): Promise<void> {
  // Users go too: unit accounts belong to units. ADMIN_USERNAME/ADMIN_PASSWORD recreate the first admin at start.
  // Imported ledgers go with the projects they made: their keys would point at nothing.
  await client.query(
    `TRUNCATE sessions, users, project_photos, project_follow_ups, project_history, ledger_import_rows, ledger_imports,
              ledger_keys, ledgers, projects, compounds, roads, units, areas
     RESTART IDENTITY CASCADE`,
  );
}

const DATA_PRESENT = `
  SELECT (SELECT count(*) FROM areas)::int AS areas, (SELECT count(*) FROM projects)::int AS projects,
         (SELECT count(*) FROM project_kinds)::int AS kinds`;

/** The loader only fills an empty database: merging demo rows into real ones would be impossible to undo cleanly. */
async function assertEmpty(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ areas: number; projects: number; kinds: number }>(DATA_PRESENT);
  const row = rows[0];
  if (!row || row.areas > 0 || row.projects > 0) throw new Error('demo data loads only into an empty database; clear it first (seed --reset)');
  if (row.kinds === 0) throw new Error('project_kinds is empty; write the kinds from the registry before loading demo data');
}

const AREA_COUNTS = `SELECT level, count(*)::int AS n FROM areas GROUP BY level`;

async function areaCounts(client: pg.PoolClient): Promise<DemoSummary['areas']> {
  const { rows } = await client.query<{ level: keyof DemoSummary['areas']; n: number }>(AREA_COUNTS);
  const counts = { district: 0, street: 0, community: 0 };
  for (const r of rows) counts[r.level] = r.n;
  return counts;
}

function countByKindAndStatus(projects: readonly { kind: string; status: string }[]): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const p of projects) {
    const byStatus = (counts[p.kind] ??= {});
    byStatus[p.status] = (byStatus[p.status] ?? 0) + 1;
  }
  return counts;
}
