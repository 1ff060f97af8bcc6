import { lazy, Suspense, type ComponentProps } from 'react';
import type { ViewState } from '../../state/viewState.js';

/** Only leaders, planners and administrators open it: the page loads when first opened. */
const DashboardPage = lazy(() => import('./DashboardPage.js').then((m) => ({ default: m.DashboardPage })));

type Props = Omit<ComponentProps<typeof DashboardPage>, 'view'> & { view: ViewState };

/** The dashboard over the map while the address says page=dashboard or page=weekly. */
export function DashboardMount({ view, ...props }: Props) {
  const { page } = view;
  if (page === undefined) return null;
  return (
    <Suspense fallback={null}>
      <DashboardPage view={{ ...view, page }} {...props} />
    </Suspense>
  );
}
