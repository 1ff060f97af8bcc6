import { useTranslation } from 'react-i18next';
import type { OverdueItem } from '../../../../server/src/domain/dashboard.js';
import { findKind } from '../../../../server/src/domain/kinds/index.js';
import { STATUS_LABELS } from '../../../../server/src/domain/status.js';
import { useBilingual, useFormat } from '../../i18n/index.js';
import { KindSwatch } from '../legend/KindSwatch.js';

interface Props {
  heading: string;
  items: OverdueItem[];
  total: number;
  /** Open the project on the map. */
  onOpen(item: OverdueItem): void;
  testId: string;
}

/** The overdue list (督办), most overdue first; a title opens the project on the map. */
export function OverdueTable({ heading, items, total, onOpen, testId }: Props) {
  const { t, i18n } = useTranslation('dashboard');
  const label = useBilingual();
  const format = useFormat();
  const en = i18n.language === 'en';
  return (
    <section className="dash-section" data-testid={testId}>
      <h3>{heading}</h3>
      {items.length === 0 ? (
        <p className="dash-muted">{t('overdue.none')}</p>
      ) : (
        <div className="dash-table-wrap">
          <table className="dash-table dash-overdue-table">
            <thead>
              <tr>
                <th scope="col">{t('overdue.title')}</th>
                <th scope="col">{t('overdue.kind')}</th>
                <th scope="col">{t('overdue.status')}</th>
                <th scope="col">{t('overdue.unit')}</th>
                <th scope="col">{t('overdue.area')}</th>
                <th scope="col">{t('overdue.deadline')}</th>
                <th scope="col">{t('overdue.days')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const kind = findKind(item.kind);
                return (
                  <tr key={item.id} data-testid={`${testId}-row`} data-id={item.id}>
                    <th scope="row">
                      <button type="button" className="dash-link" onClick={() => onOpen(item)} aria-label={t('overdue.openOnMap', { title: item.title })}>
                        {item.title}
                      </button>
                    </th>
                    <td>
                      <KindSwatch kind={kind} /> {kind ? label(kind.name) : item.kind}
                    </td>
                    <td>{label(STATUS_LABELS[item.status])}</td>
                    <td>{item.unit ? (en ? (item.unit.name_en ?? item.unit.name) : item.unit.name) : t('table.unassigned')}</td>
                    <td>{item.area ? (en ? item.area.name_en : item.area.name) : ''}</td>
                    <td>{format.date(item.deadline)}</td>
                    <td className="dash-overdue" data-testid={`${testId}-days`}>
                      {t('days', { days: item.days_overdue })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {items.length < total && <p className="dash-muted">{t('overdue.more', { shown: items.length })}</p>}
    </section>
  );
}
