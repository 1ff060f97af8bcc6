/**
 * The performance pages' tables, made from the files the bench and the load
 * run write (tests/bench/results/*.json, tests/load/results/*.json), so that
 * no figure in the book is copied by hand. The data loaders beside the pages
 * (docs/performance/*.data.ts) call these at build time; run this file
 * (`npx tsx docs/scripts/benchTables.ts`) to see the same tables as Markdown.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResult } from '../../tests/bench/measure.js';

/** A table ready to draw: a caption, what it ran on, its header and rows of plain text cells. */
export interface ResultTable {
  /** The file it was made from, relative to the repository. */
  file: string;
  title: string;
  /** Scale, machine and date of the run. */
  about: string;
  header: string[];
  rows: string[][];
}

interface BenchFile {
  kind: 'embedded' | 'postgis';
  quick: boolean;
  scale: { projects: number; compounds: number; sites: number; runs: number };
  machine: string;
  at: string;
  results: BenchResult[];
}

interface LoadKind {
  kind: string;
  connections: number;
  requests: number;
  non2xx: number;
  status503: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
}

interface LoadFile {
  kind: 'embedded' | 'postgis';
  quick: boolean;
  projects: number;
  durationSeconds: number;
  tileRate: number;
  machine: string;
  at: string;
  results: LoadKind[];
}

const REPOSITORY = path.resolve(import.meta.dirname, '..', '..');

const DATABASE_NAMES: Record<string, string> = {
  embedded: '嵌入式数据库 embedded (PGlite)',
  postgis: 'PostgreSQL / PostGIS 服务器',
};

/** Milliseconds as a person reads them: 2.2 ms, 75.4 ms, 3.85 s. */
export function duration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

const count = (n: number) => n.toLocaleString('en');

function verdict(met: boolean | null): string {
  if (met === null) return '仅报告 reported';
  return met ? '✔ 达到 met' : '✘ 未达到 not met';
}

function runAbout(at: string, machine: string, quick: boolean): string {
  return `run of ${at.slice(0, 10)}${quick ? ' (quick)' : ''} on ${machine}`;
}

/** The bench's table for one results file: each case, its p50 / p95, its baseline and the target beside it. */
export function benchTable(file: string): ResultTable {
  const run = JSON.parse(readFileSync(file, 'utf8')) as BenchFile;
  return {
    file: path.relative(REPOSITORY, file),
    title: `${DATABASE_NAMES[run.kind] ?? run.kind}, ${count(run.scale.projects)} 个项目`,
    about: `${runAbout(run.at, run.machine, run.quick)}; ${count(run.scale.compounds)} compounds, ${count(run.scale.sites)} charging sites`,
    header: ['case 用例', 'p50 / p95', 'baseline p50 基线', 'ratio 比值', 'target 目标', ''],
    rows: run.results.map((r) => [
      r.case,
      `${duration(r.value.p50)} / ${duration(r.value.p95)}`,
      r.baseline ? `${duration(r.baseline.value.p50)} — ${r.baseline.name}` : '—',
      r.ratioLabel,
      r.target,
      verdict(r.met),
    ]),
  };
}

/** The load run's table for one results file: per kind of request, how many, how fast, and what failed. */
export function loadTable(file: string): ResultTable {
  const run = JSON.parse(readFileSync(file, 'utf8')) as LoadFile;
  const total = run.results.reduce((sum, r) => sum + r.requests, 0);
  const failed = run.results.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
  return {
    file: path.relative(REPOSITORY, file),
    title: `${DATABASE_NAMES[run.kind] ?? run.kind}, ${count(run.projects)} 个项目, ${run.durationSeconds} s`,
    about: `${runAbout(run.at, run.machine, run.quick)}; ${count(total)} requests, ${count(failed)} errors or non-2xx; tiles paced at ${run.tileRate}/s`,
    header: ['kind 请求', 'connections 并发', 'requests 请求数', 'per second 每秒', 'p50 / p95 / p99', '503', 'errors 错误'],
    rows: run.results.map((r) => [
      r.kind,
      String(r.connections),
      count(r.requests),
      r.perSecond.toFixed(1),
      `${duration(r.p50)} / ${duration(r.p95)} / ${duration(r.p99)}`,
      count(r.status503),
      count(r.errors + r.non2xx - r.status503),
    ]),
  };
}

/** Tables of the full runs first, PostgreSQL before embedded; quick runs (git-ignored) are left out. */
export function tablesOf(files: string[], make: (file: string) => ResultTable): ResultTable[] {
  const order = (f: string) => (f.includes('postgis') ? 0 : 1);
  return files
    .filter((f) => f.endsWith('.json') && !f.endsWith('-quick.json'))
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map(make);
}

export function asMarkdown(table: ResultTable): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  return [
    `### ${table.title}`,
    '',
    `${table.about} (\`${table.file}\`)`,
    '',
    `| ${table.header.map(escape).join(' | ')} |`,
    `| ${table.header.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { readdirSync } = await import('node:fs');
  const inDir = (dir: string) => readdirSync(path.join(REPOSITORY, dir)).map((f) => path.join(REPOSITORY, dir, f));
  const tables = [...tablesOf(inDir('tests/bench/results'), benchTable), ...tablesOf(inDir('tests/load/results'), loadTable)];
  console.log(tables.map(asMarkdown).join('\n\n'));
}
