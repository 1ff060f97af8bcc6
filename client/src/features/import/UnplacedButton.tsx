import { useTranslation } from 'react-i18next';
import { useUnplaced } from './api.js';

/** "待定位 N" in the header: imported rows still waiting for their place; hidden when there are none. */
export function UnplacedButton({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const { t } = useTranslation('import');
  const count = useUnplaced(true).data?.length ?? 0;
  if (count === 0) return null;
  return (
    <button type="button" className="unplaced-button" aria-pressed={open} aria-label={t('unplaced.openLabel', { count })} onClick={onToggle} data-testid="open-unplaced">
      {t('unplaced.open', { count })}
    </button>
  );
}
