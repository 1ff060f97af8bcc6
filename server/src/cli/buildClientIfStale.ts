import { buildClientIfStale } from './clientBuild.js';

/**
 * `npm start` runs this first, so a fresh clone starts with one command and an
 * edited one never serves a stale page.
 */
await buildClientIfStale();
