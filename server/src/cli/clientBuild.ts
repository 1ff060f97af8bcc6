import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { ROOT_DIR } from '../config.js';

/** What the client is built from: a change to any of these makes client/dist stale. */
const SOURCES = ['client/src', 'client/index.html', 'client/public', 'server/src/domain', 'vite.config.ts', 'package-lock.json'];
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

/** Builds the client when client/dist is missing or older than its sources; says whether it built. */
export async function buildClientIfStale(log: (msg: string) => void = console.log): Promise<boolean> {
  const builtAt = newestMtime(BUILT);
  const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT_DIR, s))));
  if (builtAt !== 0 && builtAt >= sourcesAt) return false;
  log(builtAt === 0 ? 'client not built yet: building it…' : 'client sources changed: rebuilding…');
  await build({ configFile: path.join(ROOT_DIR, 'vite.config.ts'), logLevel: 'warn' });
  log('client built');
  return true;
}
