import { useTranslation } from 'react-i18next';
import type { MeasureDefinition } from '../../../../server/src/domain/dashboard.js';
import { useBilingual } from '../../i18n/index.js';

/** What each figure counts, in the words of the one definition the server computes from. */
export function Definitions({ measures, open = false }: { measures: Record<string, MeasureDefinition>; open?: boolean }) {
  const { t } = useTranslation('dashboard');
  const label = useBilingual();
  return (
    <details className="dash-definitions" open={open} data-testid="dash-definitions">
      <summary>{t('definitions')}</summary>
      <dl>
        {Object.entries(measures).map(([key, m]) => (
          <div key={key}>
            <dt>{label(m.name)}</dt>
            <dd>{label(m.definition)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
