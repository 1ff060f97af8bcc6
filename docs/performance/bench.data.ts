import { defineLoader } from 'vitepress';
import { benchTable, tablesOf, type ResultTable } from '../scripts/benchTables.js';

declare const data: ResultTable[];
export { data };

/** The bench's tables, read from the files `npm run bench` writes, at each build of the book. */
export default defineLoader({
  watch: ['../../tests/bench/results/*.json'],
  load: (files: string[]): ResultTable[] => tablesOf(files, benchTable),
});
