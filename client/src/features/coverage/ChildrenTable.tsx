import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoverageResult } from './api.js';
import { useCoverageFormat } from './format.js';

type Column = 'name' | 'numerator' | 'denominator' | 'ratio';
const COLUMNS: Column[] = ['name', 'numerator', 'denominator', 'ratio'];

interface Sort {
  column: Column;
  descending: boolean;
}

/** Sorts a copy; unknown ratios go last whichever way the column is sorted, since they are not small. */
function sorted(rows: CoverageResult[], sort: Sort, nameOf: (r: CoverageResult) => string, locale: string): CoverageResult[] {
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (sort.column === 'name') return sign * nameOf(a).localeCompare(nameOf(b), locale);
    const x = a[sort.column];
    const y = b[sort.column];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y);
  });
}

/** The child areas side by side, with the numbers behind each ratio; a row opens that area. */
export function ChildrenTable({ rows, onDrill }: { rows: CoverageResult[]; onDrill(areaId: number): void }) {
  const { t, i18n } = useTranslation('coverage');
  const format = useCoverageFormat();
  // Least covered first: that is where a planner looks for gaps.
  const [sort, setSort] = useState<Sort>({ column: 'ratio', descending: false });
  const nameOf = (r: CoverageResult) => (i18n.language === 'en' ? r.area.name_en : r.area.name);

  if (rows.length === 0) return <p className="coverage-muted">{t('children.none')}</p>;
  const toggle = (column: Column) => setSort((s) => ({ column, descending: s.column === column ? !s.descending : column !== 'name' && column !== 'ratio' }));

  return (
    <table className="coverage-table" data-testid="coverage-table">
      <caption>{t('children.caption')}</caption>
      <thead>
        <tr>
          {COLUMNS.map((column) => (
            <th key={column} scope="col" aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
              <button type="button" onClick={() => toggle(column)} aria-label={t('children.sortBy', { column: t(`children.${column}`) })} data-testid={`coverage-sort-${column}`}>
                {t(`children.${column}`)}
                <span aria-hidden="true">{sort.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted(rows, sort, nameOf, i18n.language).map((r) => (
          <tr key={r.area.id} data-testid="coverage-row" data-id={r.area.id} onClick={() => onDrill(r.area.id)}>
            <th scope="row">
              <button type="button" aria-label={t('children.drill', { name: nameOf(r) })} onClick={(e) => {
                e.stopPropagation();
                onDrill(r.area.id);
              }}>
                {nameOf(r)}
              </button>
            </th>
            <td data-testid="coverage-row-numerator">{format.whole(r.numerator)}</td>
            <td data-testid="coverage-row-denominator">{format.whole(r.denominator)}</td>
            <td data-testid="coverage-row-ratio" className={r.ratio === null ? 'coverage-muted' : undefined}>
              {format.ratio(r.ratio)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
