import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { prepareDatabase } from './db/prepare.js';
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
  });
  await prepareDatabase(db, {
    demoData: config.demoData,
    today: todayIn(config.timeZone),
    log,
    demoPassword: config.demoPassword,
    initialAdmin: config.initialAdmin,
  });
  const app = await buildApp({
    db,
    timeZone: config.timeZone,
    logger: log,
    basemap: config.basemap,
    publicRateLimit: config.publicRateLimit,
    demoPassword: config.demoPassword,
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal}: finishing requests in flight, then closing the database`);
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  log.info(`民生地图 Minsheng Map ready in ${Date.now() - started} ms on http://${config.host}:${config.port} (${db.kind} database)`);
}

function redactPassword(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
