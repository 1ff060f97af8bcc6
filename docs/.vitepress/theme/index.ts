import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import { defineComponent, h, type PropType } from 'vue';
import './custom.css';

interface TableData {
  header: string[];
  rows: string[][];
}

/**
 * A table whose cells come from a data loader (the bench's results, the
 * domain's definitions): <DataTable :table="data.kinds" /> in a page.
 */
const DataTable = defineComponent({
  name: 'DataTable',
  props: { table: { type: Object as PropType<TableData>, required: true } },
  setup(props) {
    return () =>
      h('table', [
        h('thead', [h('tr', props.table.header.map((cell) => h('th', cell)))]),
        h('tbody', props.table.rows.map((row) => h('tr', row.map((cell) => h('td', cell))))),
      ]);
  },
});

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('DataTable', DataTable);
  },
} satisfies Theme;
