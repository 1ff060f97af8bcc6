import { defineLoader } from 'vitepress';
import { loadTable, tablesOf, type ResultTable } from '../scripts/benchTables.js';

declare const data: ResultTable[];
export { data };

/** The load run's tables, read from the files `npm run load` writes, at each build of the book. */
export default defineLoader({
  watch: ['../../tests/load/results/*.json'],
  load: (files: string[]): ResultTable[] => tablesOf(files, loadTable),
});
