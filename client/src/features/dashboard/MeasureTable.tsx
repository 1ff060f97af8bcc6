import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DASHBOARD_MEASURES, type DashboardMeasure, type Measures } from '../../../../server/src/domain/dashboard.js';
import { useBilingual } from '../../i18n/index.js';
import { useDashboardFormat, type DashboardFormat } from './format.js';

/** The measures a row of the area and unit tables shows, in this order. */
export const TABLE_MEASURES: DashboardMeasure[] = ['total', 'open', 'overdue', 'done', 'on_time', 'days_to_complete', 'reopen', 'satisfaction', 'households_benefited'];

export interface MeasureRow {
  key: string;
  name: string;
  measures: Measures;
  /** An area to drill into; rows without one are not links. */
  drillTo?: number;
  /** A row set apart: the rest, the unassigned, the total. */
  muted?: boolean;
}

/** A figure to sort by: unknown ratios and means sort last whichever the direction. */
function sortValue(m: Measures, measure: DashboardMeasure): number | null {
  switch (measure) {
    case 'on_time':
    case 'reopen':
      return m[measure].ratio;
    case 'days_to_complete':
    case 'satisfaction':
      return m[measure].mean;
    default:
      return m[measure];
  }
}

/** One measure of a row, as a leader reads it; ratios carry their fraction. */
export function MeasureCell({ measures, measure, format }: { measures: Measures; measure: DashboardMeasure; format: DashboardFormat }) {
  const { t } = useTranslation('dashboard');
  switch (measure) {
    case 'on_time':
    case 'reopen': {
      const r = measures[measure];
      return (
        <td data-measure={measure} title={r.ratio === null ? t('noDataHint') : format.fraction(r)} className={r.ratio === null ? 'dash-muted' : undefined}>
          {format.ratio(r)}
          <small>{format.fraction(r)}</small>
        </td>
      );
    }
    case 'days_to_complete':
      return <td data-measure={measure}>{format.days(measures.days_to_complete.mean)}</td>;
    case 'satisfaction':
      return (
        <td data-measure={measure} title={t('followUps', { count: measures.satisfaction.count })}>
          {format.score(measures.satisfaction.mean)}
        </td>
      );
    default:
      return (
        <td data-measure={measure} className={measure === 'overdue' && measures.overdue > 0 ? 'dash-overdue' : undefined}>
          {format.whole(measures[measure])}
        </td>
      );
  }
}

interface Props {
  caption: string;
  nameHeader: string;
  rows: MeasureRow[];
  /** Rows kept below the sorted ones: the rest and the total. */
  footer?: MeasureRow[];
  onDrill?(areaId: number): void;
  testId: string;
}

/** Areas or units side by side with every measure; a header sorts, a name drills down. */
export function MeasureTable({ caption, nameHeader, rows, footer = [], onDrill, testId }: Props) {
  const { t, i18n } = useTranslation('dashboard');
  const label = useBilingual();
  const format = useDashboardFormat();
  const [sort, setSort] = useState<{ measure: DashboardMeasure | 'name'; descending: boolean } | null>(null);

  const sorted = sort === null ? rows : [...rows].sort((a, b) => {
    const sign = sort.descending ? -1 : 1;
    if (sort.measure === 'name') return sign * a.name.localeCompare(b.name, i18n.language);
    const [x, y] = [sortValue(a.measures, sort.measure), sortValue(b.measures, sort.measure)];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y);
  });
  const toggle = (measure: DashboardMeasure | 'name') =>
    setSort((s) => ({ measure, descending: s?.measure === measure ? !s.descending : measure !== 'name' }));
  const ariaSort = (measure: DashboardMeasure | 'name') => (sort?.measure === measure ? (sort.descending ? 'descending' : 'ascending') : 'none');
  const arrow = (measure: DashboardMeasure | 'name') => (sort?.measure === measure ? (sort.descending ? ' ▼' : ' ▲') : '');

  return (
    <div className="dash-table-wrap">
      <table className="dash-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" aria-sort={ariaSort('name')}>
              <button type="button" className="dash-sort" onClick={() => toggle('name')} aria-label={t('table.sortBy', { column: nameHeader })}>
                {nameHeader}
                <span aria-hidden="true">{arrow('name')}</span>
              </button>
            </th>
            {TABLE_MEASURES.map((m) => (
              <th key={m} scope="col" aria-sort={ariaSort(m)} title={label(DASHBOARD_MEASURES[m].definition)}>
                <button type="button" className="dash-sort" onClick={() => toggle(m)} aria-label={t('table.sortBy', { column: label(DASHBOARD_MEASURES[m].name) })}>
                  {label(DASHBOARD_MEASURES[m].name)}
                  <span aria-hidden="true">{arrow(m)}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...sorted, ...footer].map((row) => (
            <tr key={row.key} data-testid={`${testId}-row`} data-key={row.key} className={row.muted ? 'dash-row-muted' : undefined}>
              <th scope="row">
                {row.drillTo !== undefined && onDrill ? (
                  <button type="button" className="dash-link" onClick={() => onDrill(row.drillTo!)} aria-label={t('table.drill', { name: row.name })}>
                    {row.name}
                  </button>
                ) : (
                  row.name
                )}
              </th>
              {TABLE_MEASURES.map((m) => (
                <MeasureCell key={m} measures={row.measures} measure={m} format={format} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
