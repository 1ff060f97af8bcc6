import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DASHBOARD_MEASURES, WEEKLY_MEASURES, type Dashboard, type DashboardMeasure, type OverdueItem } from '../../../../server/src/domain/dashboard.js';
import { AREA_LEVEL_LABELS } from '../../../../server/src/domain/area.js';
import { useBilingual } from '../../i18n/index.js';
import { Definitions } from './Definitions.js';
import { useDashboardFormat } from './format.js';
import { KindStatusMatrix } from './KindStatusMatrix.js';
import { MeasureTable, type MeasureRow } from './MeasureTable.js';
import { OverdueTable } from './OverdueTable.js';
import { TrendChart } from './TrendChart.js';

const TILES: DashboardMeasure[] = ['total', 'open', 'overdue', 'on_time', 'days_to_complete', 'reopen', 'satisfaction', 'households_benefited'];

interface Props {
  data: Dashboard;
  onDrill(areaId: number): void;
  onOpenProject(item: OverdueItem): void;
}

/** The leader dashboard of one area: headline figures, kinds by status, the trend, the areas within, the units, what is overdue. */
export function Overview({ data, onDrill, onOpenProject }: Props) {
  const { t, i18n } = useTranslation('dashboard');
  const label = useBilingual();
  const [showEmpty, setShowEmpty] = useState(false);
  const en = i18n.language === 'en';
  const root = data.area === null;

  const children: MeasureRow[] = data.children.map((c) => ({ key: `area-${c.area.id}`, name: en ? c.area.name_en : c.area.name, measures: c.measures, drillTo: c.area.id }));
  // All districts: most of the prefectures' counties have no projects; they are a click away, not in the way.
  const empty = root ? children.filter((c) => c.measures.total === 0) : [];
  const shownChildren = showEmpty ? children : children.filter((c) => !empty.includes(c));
  const childFooter: MeasureRow[] = [
    ...(data.rest ? [{ key: 'rest', name: t(root ? 'table.restRoot' : 'table.rest'), measures: data.rest, muted: true }] : []),
    { key: 'total', name: t('table.total'), measures: data.totals, muted: true },
  ];
  const units: MeasureRow[] = data.units.map((u) => ({
    key: u.unit ? `unit-${u.unit.id}` : 'unassigned',
    name: u.unit ? (en ? (u.unit.name_en ?? u.unit.name) : u.unit.name) : t('table.unassigned'),
    measures: u.measures,
    muted: u.unit === null,
  }));
  const childLevel = data.children[0]?.area.level;

  return (
    <div className="dash-overview" data-testid="dash-overview">
      <Tiles data={data} />
      <div className="dash-columns">
        <KindStatusMatrix measures={data.totals} kinds={data.kinds} />
        <TrendChart weeks={data.trend} />
      </div>
      <section className="dash-section" data-testid="dash-children">
        <h3>{childLevel ? label(AREA_LEVEL_LABELS[childLevel]) : t('table.children')}</h3>
        {children.length === 0 ? (
          <p className="dash-muted">{t('table.none')}</p>
        ) : (
          <>
            <MeasureTable
              caption={t('table.childrenCaption')}
              nameHeader={childLevel ? label(AREA_LEVEL_LABELS[childLevel]) : t('table.children')}
              rows={shownChildren}
              footer={childFooter}
              onDrill={onDrill}
              testId="dash-children-table"
            />
            {empty.length > 0 && (
              <button type="button" className="dash-control dash-secondary" onClick={() => setShowEmpty(!showEmpty)} data-testid="dash-show-empty">
                {showEmpty ? t('table.hideEmpty') : t('table.showEmpty', { count: empty.length })}
              </button>
            )}
          </>
        )}
      </section>
      <section className="dash-section" data-testid="dash-units">
        <h3>{t('table.units')}</h3>
        {units.length === 0 ? (
          <p className="dash-muted">{t('table.noUnits')}</p>
        ) : (
          <MeasureTable caption={t('table.unitsCaption')} nameHeader={t('table.units')} rows={units} testId="dash-units-table" />
        )}
      </section>
      <OverdueTable heading={t('overdue.heading', { count: data.overdue.total })} items={data.overdue.items} total={data.overdue.total} onOpen={onOpenProject} testId="dash-overdue" />
      <Definitions measures={{ ...DASHBOARD_MEASURES, ...WEEKLY_MEASURES }} />
    </div>
  );
}

/** The area's headline figures, each with its definition on hover. */
function Tiles({ data }: { data: Dashboard }) {
  const label = useBilingual();
  const format = useDashboardFormat();
  const m = data.totals;
  const value = (measure: DashboardMeasure): { text: string; detail?: string } => {
    switch (measure) {
      case 'on_time':
        // The projects done on an unknown day are outside the fraction: say how many, so the rate is read for what it is.
        return { text: format.ratio(m.on_time), detail: [format.fraction(m.on_time), m.done_day_unknown > 0 ? format.dayUnknown(m.done_day_unknown) : null].filter(Boolean).join(' · ') };
      case 'reopen':
        return { text: format.ratio(m[measure]), detail: format.fraction(m[measure]) };
      case 'days_to_complete':
        return { text: format.days(m.days_to_complete.mean) };
      case 'satisfaction':
        return { text: format.score(m.satisfaction.mean) };
      default:
        return { text: format.whole(m[measure]) };
    }
  };
  return (
    <ul className="dash-tiles" data-testid="dash-tiles">
      {TILES.map((measure) => {
        const { text, detail } = value(measure);
        return (
          <li key={measure} className={measure === 'overdue' && m.overdue > 0 ? 'dash-tile dash-tile-alert' : 'dash-tile'} title={label(DASHBOARD_MEASURES[measure].definition)} data-testid={`dash-tile-${measure}`}>
            <span className="dash-tile-name">
              {label(DASHBOARD_MEASURES[measure].name)} <span className="dash-help" aria-hidden="true">ⓘ</span>
            </span>
            <span className="dash-tile-value" data-testid="dash-value">
              {text}
            </span>
            {detail && <span className="dash-tile-detail">{detail}</span>}
          </li>
        );
      })}
    </ul>
  );
}
