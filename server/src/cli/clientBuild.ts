import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT_DIR } from '../config.js';

/** What the client is built from: a change to any of these makes client/dist stale. */
const SOURCES = ['client/src', 'client/index.html', 'client/embed.html', 'client/public', 'server/src/domain', 'vite.config.ts', 'package-lock.json'];
const BUILT = path.join(ROOT_DIR, 'client', 'dist', 'index.html');

function newestMtime(target: string): number {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

/**
 * Runs `vite build` in a process of its own with NODE_ENV=production: inside a
 * test runner (NODE_ENV=test) Vite would bundle React's development build.
 */
function viteBuild(): Promise<void> {
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: ROOT_DIR,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
}

/** Builds the client when client/dist is missing or older than its sources; says whether it built. */
export async function buildClientIfStale(log: (msg: string) => void = console.log): Promise<boolean> {
  const builtAt = newestMtime(BUILT);
  const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT_DIR, s))));
  if (builtAt !== 0 && builtAt >= sourcesAt) return false;
  log(builtAt === 0 ? 'client not built yet: building it…' : 'client sources changed: rebuilding…');
  await viteBuild();
  log('client built');
  return true;
}
