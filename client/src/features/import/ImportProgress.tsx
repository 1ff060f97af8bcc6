import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportState } from '../../../../server/src/domain/ledgerImport.js';

/**
 * Rows analysed or written so far, while the server works: "已分析 n / N 行".
 * Before the server knows N the bar has no value, which browsers draw as
 * "working" rather than as an empty bar.
 */
export function ImportProgress({ state, work }: { state: ImportState; work: 'analysing' | 'committing' }) {
  const { t } = useTranslation('import');
  const labelId = useId();
  const { done, total } = state.progress;
  return (
    <div className="import-progress" data-testid="import-progress">
      <progress aria-labelledby={labelId} max={total || undefined} value={total > 0 ? done : undefined} />
      <span id={labelId} role="status">
        {t(`progress.${work}`, { done, total })}
      </span>
    </div>
  );
}
