/**
 * The list of migrations for the operations pages, read from the migration
 * files themselves: each one's number, name and the first sentence of its
 * opening comment, and the numbers that are missing from the sequence.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface MigrationTable {
  header: string[];
  rows: string[][];
  /** Numbers between the first and the last that have no file. */
  missing: number[];
}

/** The first sentence of the `--` comment a migration opens with. */
export function openingSentence(sql: string): string {
  const comment: string[] = [];
  for (const line of sql.split('\n')) {
    if (!line.startsWith('--')) break;
    const text = line.replace(/^--\s?/, '').trim();
    if (text === '' && comment.length > 0) break;
    if (text !== '') comment.push(text);
  }
  const joined = comment.join(' ');
  const end = joined.search(/[.?!]["”)]?(\s|$)/);
  return end === -1 ? joined : joined.slice(0, end + 1).replace(/\s+$/, '');
}

export function migrationTable(files: string[]): MigrationTable {
  const migrations = files
    .map((file) => ({ file, name: path.basename(file, '.sql'), version: Number(path.basename(file).slice(0, 4)) }))
    .filter((m) => /^\d{4}_/.test(m.name))
    .sort((a, b) => a.version - b.version);
  const present = new Set(migrations.map((m) => m.version));
  const last = migrations.at(-1)?.version ?? 0;
  const missing = Array.from({ length: last }, (_, i) => i + 1).filter((n) => !present.has(n));
  return {
    header: ['#', 'file', 'what it does (its opening comment)'],
    rows: migrations.map((m) => [String(m.version).padStart(4, '0'), `${m.name}.sql`, openingSentence(readFileSync(m.file, 'utf8'))]),
    missing,
  };
}
