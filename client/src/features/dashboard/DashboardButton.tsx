import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../permissions.js';
import type { UpdateView } from '../../state/useViewState.js';
import type { ViewState } from '../../state/viewState.js';

/** The header's way into the dashboard, for the roles that may read it (leaders, planners, administrators). */
export function DashboardButton({ view, updateView }: { view: ViewState; updateView: UpdateView }) {
  const { t } = useTranslation('dashboard');
  const { canReadDashboard } = usePermissions();
  if (!canReadDashboard) return null;
  const open = view.page !== undefined;
  return (
    <button type="button" aria-pressed={open} onClick={() => updateView({ page: open ? undefined : 'dashboard', week: undefined })} data-testid="open-dashboard">
      {t('open')}
    </button>
  );
}
