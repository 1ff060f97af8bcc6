import { useTranslation } from 'react-i18next';
import type { Measures } from '../../../../server/src/domain/dashboard.js';
import { KINDS } from '../../../../server/src/domain/kinds/index.js';
import { STATUS_LABELS, STATUSES } from '../../../../server/src/domain/status.js';
import { useBilingual } from '../../i18n/index.js';
import { KindSwatch } from '../legend/KindSwatch.js';
import { useDashboardFormat } from './format.js';

/** The area's projects counted by kind (rows) and status (columns), with totals. */
export function KindStatusMatrix({ measures, kinds }: { measures: Measures; kinds: readonly string[] }) {
  const { t } = useTranslation('dashboard');
  const label = useBilingual();
  const format = useDashboardFormat();
  const shown = KINDS.filter((k) => kinds.includes(k.code));
  return (
    <div className="dash-table-wrap">
      <table className="dash-table dash-matrix" data-testid="dash-matrix">
        <caption>{t('matrix.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('matrix.kind')}</th>
            {STATUSES.map((s) => (
              <th key={s} scope="col">
                {label(STATUS_LABELS[s])}
              </th>
            ))}
            <th scope="col">{t('matrix.total')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((kind) => {
            const counts = measures.by_kind[kind.code];
            const total = STATUSES.reduce((sum, s) => sum + counts[s], 0);
            return (
              <tr key={kind.code} data-kind={kind.code}>
                <th scope="row">
                  <KindSwatch kind={kind} /> {label(kind.name)}
                </th>
                {STATUSES.map((s) => (
                  <td key={s} data-status={s} className={counts[s] === 0 ? 'dash-muted' : undefined}>
                    {format.whole(counts[s])}
                  </td>
                ))}
                <td data-status="total">{format.whole(total)}</td>
              </tr>
            );
          })}
          <tr className="dash-row-muted">
            <th scope="row">{t('matrix.total')}</th>
            {STATUSES.map((s) => (
              <td key={s} data-status={s}>
                {format.whole(measures.by_status[s])}
              </td>
            ))}
            <td data-status="total">{format.whole(measures.total)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
