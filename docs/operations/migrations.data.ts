import { defineLoader } from 'vitepress';
import { migrationTable, type MigrationTable } from '../scripts/migrationTable.js';

declare const data: MigrationTable;
export { data };

/** The migrations as they are in server/src/db/migrations/, at each build of the book. */
export default defineLoader({
  watch: ['../../server/src/db/migrations/*.sql'],
  load: (files: string[]): MigrationTable => migrationTable(files),
});
