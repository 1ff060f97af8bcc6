import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { prepareDatabase } from './db/prepare.js';
import { keepTalliesCompact } from './db/tallies.js';
import { keepVacuumed } from './db/vacuum.js';
import { todayIn } from './domain/dates.js';
import { createLogger } from './logger.js';

/** Starts Minsheng Map: the database (embedded unless DATABASE_URL is set), the API and the client. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config);
  const started = Date.now();
  log.info(
    config.databaseUrl
      ? `database: PostgreSQL/PostGIS server at ${redactPassword(config.databaseUrl)}`
      : `database: embedded PGlite + PostGIS in ${config.embeddedDbDir}`,
  );
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    poolSize: config.databasePoolSize,
    embeddedDbDir: config.embeddedDbDir,
    waitBound: config.databaseWaitBound,
  });
  await prepareDatabase(db, {
    demoData: config.demoData,
    today: todayIn(config.timeZone),
    timeZone: config.timeZone,
    log,
    demoPassword: config.demoPassword,
    initialAdmin: config.initialAdmin,
  });
  // A PostgreSQL server has autovacuum; the embedded database has no worker to run it.
  const upkeep = [keepTalliesCompact(db.pool, log), ...(db.kind === 'embedded' ? [keepVacuumed(db.pool, log)] : [])];
  const app = await buildApp({
    db,
    timeZone: config.timeZone,
    logger: log,
    basemap: config.basemap,
    publicRateLimit: config.publicRateLimit,
    demoPassword: config.demoPassword,
    mapTileThreshold: config.mapTileThreshold,
    trustProxy: config.trustProxy,
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    // Ctrl-C under `npm run dev` brings SIGINT and then SIGTERM: one shutdown, bounded by the grace period.
    if (closing) return;
    closing = true;
    const started = Date.now();
    log.info(`${signal}: refusing new connections, finishing requests in flight (at most ${SHUTDOWN_GRACE_MS / 1000} s), then closing the database`);
    // A request that never ends (a client that stops sending, a stuck query)
    // must not keep the server up. Exiting then is as safe as a crash: a
    // transaction not yet committed is rolled back, a committed one is kept.
    setTimeout(() => {
      log.error(`requests still open after ${SHUTDOWN_GRACE_MS / 1000} s: exiting without them`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    // Fastify closes the connections idle at the signal; a keep-alive
    // connection whose request finishes later would hold the close open.
    setInterval(() => app.server.closeIdleConnections(), 50);
    try {
      await app.close();
      await Promise.all(upkeep.map((schedule) => schedule.stop()));
      await db.close();
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
    log.info(`${signal}: requests finished and database closed in ${Date.now() - started} ms`);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  log.info(`民生地图 Minsheng Map ready in ${Date.now() - started} ms on http://${config.host}:${config.port} (${db.kind} database)`);
}

/** How long a shutdown waits for the requests in flight before it exits without them. */
const SHUTDOWN_GRACE_MS = 10_000;

function redactPassword(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
