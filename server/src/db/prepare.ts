import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { setDayTalliesTimeZone } from '../queries/dashboard.js';
import { syncProjectKinds } from '../queries/kinds.js';
import { loadDemoData } from '../seed/index.js';
import { ensureInitialAdmin } from '../services/users.js';

export interface PrepareLog {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface PrepareOptions {
  /** 'auto' loads the demo data when the database holds no areas yet. */
  demoData: 'auto' | 'off';
  /** The date the demo data is written as of (deadlines, overdue items). */
  today: string;
  /** The districts' time zone (APP_TIMEZONE): the weekly figures' day tallies turn history timestamps into days in it. */
  timeZone: string;
  log: PrepareLog;
  /** The demo accounts' password (DEFAULT_DEMO_PASSWORD unless given). */
  demoPassword?: string;
  /** Created when no user of that name exists yet. */
  initialAdmin?: { username: string; password: string };
}

/** Brings a database to the current schema and kind registry, and fills an empty one with demo data. */
export async function prepareDatabase(db: Database, options: PrepareOptions): Promise<void> {
  const client = await db.pool.connect();
  try {
    const level = await migrate(client, options.log);
    options.log.info(`database schema at migration ${level}`);
    await syncProjectKinds(client);
    if (await setDayTalliesTimeZone(client, options.timeZone)) options.log.info(`weekly figures: days now counted in ${options.timeZone}`);
    if (options.demoData === 'auto' && (await isEmpty(client))) {
      options.log.info('empty database: loading the demo data (five districts of the source articles)');
      const started = Date.now();
      const summary = await loadDemoData(client, options.log, { asOf: options.today, demoPassword: options.demoPassword });
      const { repairedBoundaries: _repaired, ...counts } = summary;
      options.log.info(`demo data loaded in ${Date.now() - started} ms: ${JSON.stringify(counts)}`);
    }
  } finally {
    client.release();
  }
  if (options.initialAdmin) await ensureInitialAdmin(db.pool, options.initialAdmin, options.log);
}

async function isEmpty(client: { query(sql: string): Promise<{ rowCount: number | null }> }): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM areas LIMIT 1');
  return rowCount === 0;
}
