import { useTranslation } from 'react-i18next';
import type { AreaRef, OverdueItem } from '../../../../server/src/domain/dashboard.js';
import { KINDS, type KindCode } from '../../../../server/src/domain/kinds/index.js';
import type { UpdateView } from '../../state/useViewState.js';
import type { Page, ViewState } from '../../state/viewState.js';
import { useBilingual } from '../../i18n/index.js';
import { useSession } from '../../session/session.js';
import { KindSwatch } from '../legend/KindSwatch.js';
import { useDashboard, useWeeklyReport, type DashboardScope } from './api.js';
import './dashboard.css';
import { Overview } from './Overview.js';
import { WeeklySummary } from './WeeklySummary.js';

type Box = [number, number, number, number];

interface Props {
  view: ViewState & { page: Page };
  updateView: UpdateView;
  /** Look at another area: the dashboard's and the map's area are one. */
  onArea(area: number | undefined): void;
  /** Bring a project into view on the map. */
  onShowOnMap(box: Box): void;
}

/**
 * The leader dashboard (督办看板) and the weekly summary (周通报), over the map.
 * Its area and kinds are the map's filters, so a drill-down here is where the
 * map looks when the page is closed; its page and week are in the address.
 */
export function DashboardPage({ view, updateView, onArea, onShowOnMap }: Props) {
  const { t, i18n } = useTranslation('dashboard');
  const scope: DashboardScope = { area: view.filters.area, kinds: view.filters.kinds };
  const { session, loading } = useSession();
  const allowed = session.capabilities.includes('readDashboard');
  const overview = useDashboard(scope, allowed && view.page === 'dashboard');
  const weekly = useWeeklyReport(scope, view.week, allowed && view.page === 'weekly');
  const current = view.page === 'dashboard' ? overview : weekly;
  const path = current.data?.path ?? [];

  const openProject = (item: OverdueItem) => {
    updateView({ page: undefined, week: undefined, selected: item.id });
    onShowOnMap(item.bbox as Box);
  };

  return (
    <section className="dashboard" aria-labelledby="dashboard-heading" data-testid="dashboard" data-page={view.page}>
      <header className="dash-bar dash-control">
        <h2 id="dashboard-heading">{view.page === 'dashboard' ? t('heading') : t('weeklyHeading')}</h2>
        <div role="group" aria-label={t('tabs.label')} className="dash-tabs">
          {(['dashboard', 'weekly'] as const).map((page) => (
            <button key={page} type="button" aria-pressed={view.page === page} onClick={() => updateView({ page })} data-testid={`dash-tab-${page}`}>
              {t(`tabs.${page}`)}
            </button>
          ))}
        </div>
        <span className="dash-spacer" />
        <button type="button" onClick={() => updateView({ page: undefined, week: undefined })} data-testid="dash-close">
          {t('backToMap')}
        </button>
      </header>
      <div className="dash-scope dash-control">
        <Breadcrumb path={path} onArea={onArea} en={i18n.language === 'en'} />
        <KindChips kinds={view.filters.kinds} onChange={(kinds) => updateView({ filters: { ...view.filters, kinds } })} />
        {overview.data && view.page === 'dashboard' && <span className="dash-muted">{t('asOf', { date: overview.data.today })}</span>}
      </div>
      <div className="dash-body" aria-busy={current.isFetching}>
        {!allowed ? (
          <p className="dash-muted" data-testid="dash-not-allowed">
            {loading ? t('loading') : t('notAllowed')}
          </p>
        ) : current.isError ? (
          <p role="alert">
            {t('loadFailed', { message: current.error.message })}{' '}
            <button type="button" onClick={() => void current.refetch()}>
              {t('retry')}
            </button>
          </p>
        ) : view.page === 'dashboard' ? (
          overview.data ? (
            <Overview data={overview.data} onDrill={onArea} onOpenProject={openProject} />
          ) : (
            <p className="dash-muted">{t('loading')}</p>
          )
        ) : weekly.data ? (
          <WeeklySummary data={weekly.data} scope={scope} onWeek={(week) => updateView({ week })} onOpenProject={openProject} />
        ) : (
          <p className="dash-muted">{t('loading')}</p>
        )}
      </div>
    </section>
  );
}

/** 全部区县 › 石鼓区 › 人民路街道: each step back up is a click. */
function Breadcrumb({ path, onArea, en }: { path: AreaRef[]; onArea(area: number | undefined): void; en: boolean }) {
  const { t } = useTranslation('dashboard');
  const crumbs = [{ id: undefined, name: t('allDistricts') }, ...path.map((a) => ({ id: a.id as number | undefined, name: en ? a.name_en : a.name }))];
  return (
    <nav aria-label={t('breadcrumb')} className="dash-breadcrumb" data-testid="dash-breadcrumb">
      <ol>
        {crumbs.map((c, i) => (
          <li key={c.id ?? 'all'}>
            {i === crumbs.length - 1 ? (
              <span aria-current="page">{c.name}</span>
            ) : (
              <button type="button" className="dash-link" onClick={() => onArea(c.id)}>
                {c.name}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Which kinds are counted: none chosen means all of them. */
function KindChips({ kinds, onChange }: { kinds: KindCode[]; onChange(kinds: KindCode[]): void }) {
  const { t } = useTranslation('dashboard');
  const label = useBilingual();
  return (
    <fieldset className="dash-kinds">
      <legend>{t('kinds')}</legend>
      {KINDS.map((kind) => (
        <label key={kind.code} className="dash-chip">
          <input
            type="checkbox"
            checked={kinds.includes(kind.code)}
            onChange={(e) => onChange(e.target.checked ? [...kinds, kind.code] : kinds.filter((k) => k !== kind.code))}
          />
          <KindSwatch kind={kind} /> {label(kind.name)}
        </label>
      ))}
      {kinds.length === 0 && <span className="dash-muted">{t('allKinds')}</span>}
    </fieldset>
  );
}
