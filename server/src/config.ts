import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { PoolWaitBound } from './db/boundedPool.js';
import type { Basemap } from './domain/api/clientConfig.js';

/** The repository root: data/ and client/dist/ are found from here, wherever the process starts. */
export const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** The demo accounts' password when DEMO_PASSWORD is not set; the README says so too. */
export const DEFAULT_DEMO_PASSWORD = 'minsheng-demo';

/**
 * Above this many projects under the filters, the map draws them from vector
 * tiles (and counts per area at low zoom) instead of loading every one: the
 * list is about 600 bytes of JSON a project (80 gzipped; measured on the demo
 * data), so 20,000 are 12 MB for the browser to parse and cluster.
 */
export const DEFAULT_MAP_TILE_THRESHOLD = 20_000;

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  DATABASE_QUEUE_LIMIT: Type.Integer({ minimum: 0, maximum: 100_000, default: 200 }),
  DATABASE_QUEUE_TIMEOUT: Type.Number({ exclusiveMinimum: 0, maximum: 300, default: 10 }),
  EMBEDDED_DB_DIR: Type.String({ minLength: 1, default: path.join(ROOT_DIR, 'data', 'db') }),
  DEMO_DATA: Type.Enum(['auto', 'off'], { default: 'auto' }),
  APP_TIMEZONE: Type.String({ minLength: 1, default: 'Asia/Shanghai' }),
  BASEMAP: Type.String({ pattern: '^(none|osm|tianditu|https?://\\S+)$', default: 'none' }),
  TIANDITU_KEY: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{16,64}$' })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  LOG_FORMAT: Type.Enum(['pretty', 'json'], { default: process.stdout.isTTY ? 'pretty' : 'json' }),
  DEMO_PASSWORD: Type.String({ minLength: 8, maxLength: 200, default: DEFAULT_DEMO_PASSWORD }),
  ADMIN_USERNAME: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{2,64}$' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8, maxLength: 1024 })),
  PUBLIC_RATE_LIMIT: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1200 }),
  MAP_TILE_THRESHOLD: Type.Integer({ minimum: 0, maximum: 100_000_000, default: DEFAULT_MAP_TILE_THRESHOLD }),
  TRUST_PROXY: Type.Optional(Type.String({ pattern: '^\\s*[0-9A-Fa-f.:/]+(\\s*,\\s*[0-9A-Fa-f.:/]+)*\\s*$' })),
});

type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  /** Unset: the embedded PGlite database under `embeddedDbDir`. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Requests beyond these, waiting for a database connection, are refused with 503. */
  databaseWaitBound: PoolWaitBound;
  embeddedDbDir: string;
  /** 'auto' loads the demo data into an empty database at start. */
  demoData: 'auto' | 'off';
  /** Where "today" is for deadlines and overdue items. */
  timeZone: string;
  basemap: BasemapConfig;
  logLevel: Env['LOG_LEVEL'];
  logFormat: Env['LOG_FORMAT'];
  /** The password of the demo accounts (demo-admin, demo-planner, demo-unit, demo-leader). */
  demoPassword: string;
  /** The first administrator, created at start when no user of that name exists. */
  initialAdmin: { username: string; password: string } | undefined;
  /** Requests per minute per address for the public (not logged in) API. */
  publicRateLimit: number;
  /**
   * The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
   * believed: the client's address for per-address limits, and https for the
   * session cookie's Secure flag. None unless set: from anyone else, those
   * headers would let a client pick its own address.
   */
  trustProxy: string[] | undefined;
  /** The map draws projects from vector tiles when the filters select more than this many; 0: always. */
  mapTileThreshold: number;
}

/**
 * What the map draws beneath the projects: nothing (the area boundaries on a
 * plain background), OpenStreetMap raster tiles, Tianditu (天地图) with a key,
 * or any MapLibre style URL.
 */
export type BasemapConfig = Basemap;

export class ConfigError extends Error {}

const DOCS: Record<keyof Env, string> = {
  PORT: 'the HTTP port, 1–65535',
  HOST: 'the address to listen on',
  DATABASE_URL: 'a postgres:// URL of a PostgreSQL server with PostGIS; unset for the embedded database',
  DATABASE_POOL_SIZE: 'connections to a PostgreSQL server, 1–100',
  DATABASE_QUEUE_LIMIT: 'requests that may wait for a database connection at once, 0–100000',
  DATABASE_QUEUE_TIMEOUT: 'seconds a request may wait for a database connection, more than 0 and at most 300',
  EMBEDDED_DB_DIR: 'the folder of the embedded database',
  DEMO_DATA: "'auto' (load demo data into an empty database) or 'off'",
  APP_TIMEZONE: 'an IANA time zone such as Asia/Shanghai',
  BASEMAP: "'none', 'osm', 'tianditu' (needs TIANDITU_KEY) or the http(s) URL of a MapLibre style",
  TIANDITU_KEY: 'the hexadecimal key of a Tianditu (天地图) account',
  LOG_LEVEL: 'fatal, error, warn, info, debug, trace or silent',
  LOG_FORMAT: "'pretty' or 'json'",
  DEMO_PASSWORD: 'the demo accounts\' password, at least 8 characters',
  ADMIN_USERNAME: 'the first administrator\'s username: 2–64 letters, digits, . _ -',
  ADMIN_PASSWORD: 'the first administrator\'s password, at least 8 characters',
  PUBLIC_RATE_LIMIT: 'requests per minute per address for visitors who are not logged in',
  MAP_TILE_THRESHOLD: 'the number of projects above which the map draws vector tiles instead of loading every project; 0 for tiles always',
  TRUST_PROXY: 'the addresses or CIDR ranges of the reverse proxies in front of the server, comma-separated (e.g. 127.0.0.1 or 10.0.0.0/8)',
};

/** Reads the configuration from environment variables; a bad value stops the start with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(
    Object.keys(EnvSchema.properties)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  // Convert and Default change their argument; `raw` stays as given, for the messages.
  const value = Value.Default(EnvSchema, Value.Convert(EnvSchema, structuredClone(raw))) as Env;
  const problems = [...Value.Errors(EnvSchema, value)].map((e) => {
    const key = e.instancePath.slice(1) as keyof Env;
    return `  ${key}=${JSON.stringify(raw[key])}: ${e.message}; expected ${DOCS[key]}`;
  });
  if (!isTimeZone(value.APP_TIMEZONE)) {
    problems.push(`  APP_TIMEZONE=${JSON.stringify(value.APP_TIMEZONE)}: unknown time zone; expected ${DOCS.APP_TIMEZONE}`);
  }
  if (value.BASEMAP === 'tianditu' && !value.TIANDITU_KEY) {
    problems.push(`  BASEMAP="tianditu" needs TIANDITU_KEY; expected ${DOCS.TIANDITU_KEY}`);
  }
  if ((value.ADMIN_USERNAME === undefined) !== (value.ADMIN_PASSWORD === undefined)) {
    problems.push('  ADMIN_USERNAME and ADMIN_PASSWORD go together: set both to create the first administrator, or neither');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${[...new Set(problems)].join('\n')}`);
  }
  return {
    port: value.PORT,
    host: value.HOST,
    databaseUrl: value.DATABASE_URL,
    databasePoolSize: value.DATABASE_POOL_SIZE,
    databaseWaitBound: { maxWaiting: value.DATABASE_QUEUE_LIMIT, maxWaitMs: Math.round(value.DATABASE_QUEUE_TIMEOUT * 1000) },
    embeddedDbDir: path.resolve(value.EMBEDDED_DB_DIR),
    demoData: value.DEMO_DATA,
    timeZone: value.APP_TIMEZONE,
    basemap: basemapOf(value.BASEMAP, value.TIANDITU_KEY),
    logLevel: value.LOG_LEVEL,
    logFormat: value.LOG_FORMAT,
    demoPassword: value.DEMO_PASSWORD,
    initialAdmin: value.ADMIN_USERNAME && value.ADMIN_PASSWORD ? { username: value.ADMIN_USERNAME, password: value.ADMIN_PASSWORD } : undefined,
    publicRateLimit: value.PUBLIC_RATE_LIMIT,
    mapTileThreshold: value.MAP_TILE_THRESHOLD,
    trustProxy: value.TRUST_PROXY?.split(',').map((a) => a.trim()),
  };
}

function basemapOf(setting: string, tiandituKey: string | undefined): BasemapConfig {
  if (setting === 'none' || setting === 'osm') return { kind: setting };
  if (setting === 'tianditu') return { kind: 'tianditu', key: tiandituKey! };
  return { kind: 'style', url: setting };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
