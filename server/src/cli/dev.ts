import { spawn } from 'node:child_process';
import path from 'node:path';
import { createServer } from 'vite';
import { ROOT_DIR } from '../config.js';

/**
 * `npm run dev`: the API restarting on server changes (tsx watch) and the
 * client with hot reload (Vite), which proxies /api to the API.
 */
const api = spawn(process.execPath, ['--import', 'tsx', '--watch', path.join(ROOT_DIR, 'server/src/main.ts')], {
  stdio: 'inherit',
  env: { ...process.env, LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty' },
});
const vite = await createServer({ configFile: path.join(ROOT_DIR, 'vite.config.ts'), server: { port: 5173 } });
await vite.listen();
vite.printUrls();

const stop = async () => {
  api.kill('SIGTERM');
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
