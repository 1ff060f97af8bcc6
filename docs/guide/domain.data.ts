import { defineLoader } from 'vitepress';
import {
  capabilitiesTable,
  coverageDefaultsTable,
  coverageTable,
  kindsTable,
  measuresTable,
  statusesTable,
  transitionsTable,
  weeklyMeasuresTable,
  type SimpleTable,
} from '../scripts/domainTables.js';

export interface DomainTables {
  kinds: SimpleTable;
  statuses: SimpleTable;
  transitions: SimpleTable;
  capabilities: SimpleTable;
  measures: SimpleTable;
  weeklyMeasures: SimpleTable;
  coverage: SimpleTable;
  coverageDefaults: SimpleTable;
}

declare const data: DomainTables;
export { data };

/** The guide's reference tables, from the domain modules (server/src/domain), at each build of the book. */
export default defineLoader({
  watch: ['../../server/src/domain/**/*.ts'],
  load: (): DomainTables => ({
    kinds: kindsTable(),
    statuses: statusesTable(),
    transitions: transitionsTable(),
    capabilities: capabilitiesTable(),
    measures: measuresTable(),
    weeklyMeasures: weeklyMeasuresTable(),
    coverage: coverageTable(),
    coverageDefaults: coverageDefaultsTable(),
  }),
});
