import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { withTransaction } from '../db/transaction.js';
import { todayIn } from '../domain/dates.js';
import { createLogger } from '../logger.js';
import { syncProjectKinds } from '../queries/kinds.js';
import { clearData, loadDemoDataInTransaction } from '../seed/index.js';

/**
 * `npm run seed` loads the demo data into an empty database;
 * `npm run seed -- --reset` deletes every area, unit, project and reference
 * feature first and reloads it, in one transaction.
 */
const { values } = parseArgs({
  options: { reset: { type: 'boolean', default: false }, 'as-of': { type: 'string' } },
  strict: true,
});

const config = loadConfig();
const log = createLogger(config);
const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2, embeddedDbDir: config.embeddedDbDir });
try {
  const client = await db.pool.connect();
  try {
    await migrate(client, log);
    await syncProjectKinds(client);
  } finally {
    client.release();
  }
  const asOf = values['as-of'] ?? todayIn(config.timeZone);
  const summary = await withTransaction(db.pool, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM areas LIMIT 1');
    if (rowCount !== 0 && !values.reset) {
      throw new Error('the database already holds data; run `npm run seed -- --reset` to replace it with the demo data');
    }
    if (values.reset) await clearData(client);
    return loadDemoDataInTransaction(client, log, { asOf, demoPassword: config.demoPassword });
  });
  log.info(`demo data loaded as of ${asOf}: ${JSON.stringify(summary)}`);
} catch (err) {
  log.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
