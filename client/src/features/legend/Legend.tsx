import { useTranslation } from 'react-i18next';
import { KINDS } from '../../../../server/src/domain/kinds/index.js';
import { useBilingual, useFormat } from '../../i18n/index.js';
import { KindSwatch } from './KindSwatch.js';
import type { ProjectCounts } from './projectCounts.js';

/** What the symbols mean, with counts of what the filters currently show. */
export function Legend({ counts }: { counts: ProjectCounts }) {
  const { t } = useTranslation();
  const label = useBilingual();
  const format = useFormat();
  const { byKind, total, overdue } = counts;

  return (
    <section className="legend" aria-labelledby="legend-heading" data-testid="legend">
      <h2 id="legend-heading">{t('legend.heading')}</h2>
      <ul>
        {KINDS.map((k) => (
          <li key={k.code} data-kind={k.code}>
            <KindSwatch kind={k} />
            {label(k.name)}
            <b className="count">{format.number(byKind.get(k.code) ?? 0)}</b>
          </li>
        ))}
      </ul>
      <ul className="legend-status">
        <li>
          <span className="swatch" style={{ background: '#4f5f6f' }} aria-hidden="true" />
          {t('legend.open')}
        </li>
        <li>
          <span className="swatch overdue-ring" aria-hidden="true" />
          {t('legend.overdueStyle')}
        </li>
        <li>
          <span className="swatch" style={{ background: '#4f5f6f', opacity: 0.45 }} aria-hidden="true" />
          {t('legend.done')}
        </li>
        <li>
          <span className="swatch" style={{ background: '#9aa5b1' }} aria-hidden="true" />
          {t('legend.cancelled')}
        </li>
        <li className="legend-counted" data-testid="legend-counted">
          <span className="swatch counted" aria-hidden="true">
            12
          </span>
          {t('legend.counted')}
        </li>
      </ul>
      <p className="legend-total" data-testid="legend-total">
        {t('legend.total', { count: total })}
      </p>
      <p className="legend-overdue">{t('legend.overdue', { count: overdue })}</p>
    </section>
  );
}
