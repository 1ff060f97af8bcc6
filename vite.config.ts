import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const apiPort = Number(process.env.PORT ?? 3000);

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Two pages: the app, and the public embed that other sites put in an iframe.
    rolldownOptions: { input: { main: path.resolve(import.meta.dirname, 'client/index.html'), embed: path.resolve(import.meta.dirname, 'client/embed.html') } },
  },
  server: {
    // `npm run dev`: the client with hot reload, the API from the server beside it.
    proxy: { '/api': `http://127.0.0.1:${apiPort}`, '/tiles': `http://127.0.0.1:${apiPort}`, '/docs': `http://127.0.0.1:${apiPort}` },
  },
  test: {
    root: '.',
    include: ['server/**/*.test.ts', 'client/src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    globalSetup: ['tests/setup/database.ts'],
    // The embedded database is one session: test files take turns on it.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
