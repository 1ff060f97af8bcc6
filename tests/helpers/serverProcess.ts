import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { DEFAULT_DEMO_PASSWORD, ROOT_DIR } from '../../server/src/config.js';
import { SESSION_COOKIE } from '../../server/src/plugins/auth.js';

/** `npm start` as a child process: what an operator runs, signals and all. */
export interface ServerProcess {
  baseUrl: string;
  port: number;
  child: ChildProcess;
  /** Resolves when the process has exited, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed so far (JSON log lines). */
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts server/src/main.ts with `env` on top of a clean environment (no
 * DATABASE_URL unless given) and waits until it listens.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 240_000): Promise<ServerProcess> {
  const port = await freePort();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'EMBEDDED_DB_DIR', 'PORT'].includes(key)));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'src', 'main.ts')], {
    cwd: ROOT_DIR,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const l of listeners) l();
    });
  });
  const waitForOutput = (pattern: RegExp, ms = timeoutMs) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(output)) done(resolve);
        else if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`the server exited before printing ${pattern}:\n${output.slice(-3000)}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no ${pattern} from the server within ${ms} ms:\n${output.slice(-3000)}`))), ms);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });
  const server: ServerProcess = { baseUrl: `http://127.0.0.1:${port}`, port, child, exited, output: () => output, waitForOutput };
  try {
    await waitForOutput(/Minsheng Map ready in/);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return server;
}

/** A logged-in user of a server process, with the cookie and CSRF token every write needs. */
export interface HttpSession {
  request(method: string, url: string, body?: unknown): Promise<{ status: number; json: () => unknown; text: string }>;
  headers: Record<string, string>;
}

export async function loginOverHttp(baseUrl: string, username: string, password = DEFAULT_DEMO_PASSWORD): Promise<HttpSession> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
  // The session's own cookie, not the one the response clears (empty) on the path sessions had before.
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`))!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken };
  return {
    headers,
    async request(method, url, body) {
      const r = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, text, json: () => JSON.parse(text) as unknown };
    },
  };
}

/**
 * A database of its own on the PostgreSQL server of TEST_DATABASE_URL (which
 * the shared test setup wipes), dropped again by the returned function.
 */
export async function createScratchDatabase(serverUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs one of the npm scripts' programs (server/src/cli/<name>.ts) to its end, as `npm run <name> -- …args` would. */
export async function runCli(name: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'EMBEDDED_DB_DIR'].includes(key)));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'src', 'cli', `${name}.ts`), ...args], {
    cwd: ROOT_DIR,
    env: { ...inherited, LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output };
}
