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
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Three layers, each runnable alone (`vitest run --project unit`): only the
    // layers that need the database pay for building it (about 25 s), so the
    // unit layer answers in seconds.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'client/src/**/*.test.{ts,tsx}'],
          // Pure functions, no global state (no mocks, no stubbed globals): a
          // worker keeps the modules it imported for the next file instead of
          // importing them afresh, 4 s instead of 18 s for the layer.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'api',
          // Everything under tests/ but the browser: API, crash and any other
          // test that reads the shared database.
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', '**/node_modules/**'],
          globalSetup: ['tests/setup/database.ts'],
          // The embedded database is one session: test files take turns on it.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/database.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
