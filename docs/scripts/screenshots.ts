/**
 * Regenerates the book's screenshots from the browser tests: runs the e2e test
 * files that take them (one at a time, as the e2e tests share one embedded
 * database each), then copies the chosen PNGs from tests/e2e/screenshots/ into
 * docs/public/screenshots/.
 *
 *   npm run docs:screenshots                 every file below
 *   npm run docs:screenshots -- map roles    only these test files (the others' images are copied as they are)
 *   npm run docs:screenshots -- --copy       copy only, run no test
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');
const TARGET = path.join(ROOT, 'docs', 'public', 'screenshots');

/** Per e2e test file, the screenshots it takes that the book shows. */
const CHOSEN: Record<string, string[]> = {
  map: ['map-desktop.png', 'map-phone.png', 'map-panel.png'],
  roles: [
    'roles-planner.png',
    'roles-unit.png',
    'roles-user-menu.png',
    'roles-assign-form.png',
    'roles-complete-errors.png',
    'roles-loop-history.png',
    'roles-unit-phone.png',
    'roles-admin-create-user.png',
    'roles-admin-users.png',
    'roles-admin-units.png',
  ],
  editing: ['editing-create-desktop.png'],
  import: ['import-mapping.png', 'import-preview.png', 'import-result.png', 'import-placing.png', 'export-menu.png'],
  ledgerValues: ['import-values.png'],
  dashboard: ['dashboard-shigu.png', 'weekly-screen.png'],
  coverage: ['coverage-desktop.png'],
  embed: ['embed-news-600x400.png', 'embed-snippet-builder.png'],
  firstDay: ['first-day-checklist.png', 'first-day-streets-preview.png', 'first-day-map.png'],
};

const { values, positionals } = parseArgs({ allowPositionals: true, options: { copy: { type: 'boolean', default: false } } });
const unknown = positionals.filter((name) => !(name in CHOSEN));
if (unknown.length > 0) {
  console.error(`no such screenshot file: ${unknown.join(', ')}; choose from ${Object.keys(CHOSEN).join(', ')}`);
  process.exit(2);
}
const toRun = values.copy ? [] : positionals.length > 0 ? positionals : Object.keys(CHOSEN);

for (const name of toRun) {
  const file = `tests/e2e/${name}.test.ts`;
  console.log(`\n== ${file}`);
  const started = Date.now();
  const run = spawnSync('npx', ['vitest', 'run', file], { cwd: ROOT, stdio: 'inherit' });
  console.log(`== ${file}: exit ${run.status} after ${Math.round((Date.now() - started) / 1000)} s`);
  if (run.status !== 0) {
    console.error(`${file} failed: its screenshots may be missing or show a broken screen; fix the test first`);
    process.exit(1);
  }
}

mkdirSync(TARGET, { recursive: true });
const missing: string[] = [];
for (const shot of Object.values(CHOSEN).flat()) {
  const from = path.join(SHOTS, shot);
  if (!existsSync(from)) {
    missing.push(shot);
    continue;
  }
  copyFileSync(from, path.join(TARGET, shot));
  console.log(`copied ${shot} (${Math.round(statSync(from).size / 1024)} KB)`);
}
if (missing.length > 0) {
  console.error(`not found in ${path.relative(ROOT, SHOTS)}: ${missing.join(', ')} (run the test files that take them)`);
  process.exitCode = 1;
}
