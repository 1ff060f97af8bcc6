import { useTranslation } from 'react-i18next';
import { ROW_OUTCOMES, type ImportState } from '../../../../server/src/domain/ledgerImport.js';
import { useFormat } from '../../i18n/index.js';
import { rejectedRowsUrl } from './api.js';
import { errorInBothLanguages } from './bothLanguages.js';
import { ErrorNotice, useBothLanguages } from './ErrorNotice.js';
import { ImportProgress } from './ImportProgress.js';

interface Props {
  state: ImportState;
  onShowOnMap(): void;
  onPlaceUnplaced(): void;
  onAnother(): void;
  onBackToMapping(): void;
}

/** Step 4: the progress of the commit, then what it wrote and where to go next. */
export function ResultStep({ state, onShowOnMap, onPlaceUnplaced, onAnother, onBackToMapping }: Props) {
  const { t } = useTranslation('import');
  const both = useBothLanguages();
  const { number } = useFormat();

  if (state.state === 'failed') {
    return (
      <div className="import-step" data-testid="import-result">
        <ErrorNotice lead={both('result.failed')} reason={errorInBothLanguages(state.error ?? '')} testId="import-commit-error" />
        <div className="import-actions">
          <button type="button" onClick={onBackToMapping}>
            {t('result.backToMapping')}
          </button>
        </div>
      </div>
    );
  }
  if (state.state !== 'committed' || !state.counts) {
    return (
      <div className="import-step" data-testid="import-result" aria-busy="true">
        <p>{t('result.working')}</p>
        <ImportProgress state={state} work="committing" />
      </div>
    );
  }

  const counts = state.counts;
  return (
    <div className="import-step" data-testid="import-result" data-state="committed">
      <h3 className="import-done">{t('result.done')}</h3>
      <dl className="import-counts">
        {ROW_OUTCOMES.map((o) => (
          <div key={o} data-outcome={o} data-testid={`import-count-${o}`}>
            <dt>{t(`result.counts.${o}`)}</dt>
            <dd>{number(counts[o])}</dd>
          </div>
        ))}
      </dl>
      <div className="import-actions">
        <button type="button" onClick={onAnother}>
          {t('result.another')}
        </button>
        {counts.rejected > 0 && (
          <a className="import-link-button" href={rejectedRowsUrl(state.id)} download>
            {t('preview.downloadRejected')} ({number(counts.rejected)})
          </a>
        )}
        {counts.unplaced > 0 && (
          <button type="button" onClick={onPlaceUnplaced} data-testid="import-place-unplaced">
            {t('result.placeUnplaced', { count: counts.unplaced })}
          </button>
        )}
        <button type="button" className="import-primary" onClick={onShowOnMap} data-testid="import-show-on-map">
          {t('result.showOnMap')}
        </button>
      </div>
    </div>
  );
}
