import { useTranslation } from 'react-i18next';
import { isoWeekOf, parseIsoWeek, WEEKLY_MEASURE_KEYS, WEEKLY_MEASURES, type OverdueItem, type WeeklyFigures, type WeeklyReport } from '../../../../server/src/domain/dashboard.js';
import { AREA_LEVEL_LABELS } from '../../../../server/src/domain/area.js';
import { addDays } from '../../../../server/src/domain/dates.js';
import { useBilingual, useFormat } from '../../i18n/index.js';
import { useSession } from '../../session/session.js';
import type { DashboardScope } from './api.js';
import { weeklyReportUrl } from './api.js';
import { Definitions } from './Definitions.js';
import { useDashboardFormat } from './format.js';
import { OverdueTable } from './OverdueTable.js';

interface Props {
  data: WeeklyReport;
  scope: DashboardScope;
  onWeek(week: string): void;
  onOpenProject(item: OverdueItem): void;
}

/** The weekly summary (周通报) of a week and an area: printable, and downloadable as CSV and Excel. */
export function WeeklySummary({ data, scope, onWeek, onOpenProject }: Props) {
  const { t, i18n } = useTranslation('dashboard');
  const label = useBilingual();
  const format = useFormat();
  const { session } = useSession();
  const canExport = session.capabilities.includes('exportReports');
  const en = i18n.language === 'en';
  const { week } = data;
  const areaName = data.path.length === 0 ? t('allDistricts') : data.path.map((a) => (en ? a.name_en : a.name)).join(' · ');
  const previous = isoWeekOf(addDays(week.start, -7));
  const next = isoWeekOf(addDays(week.start, 7));
  const nextStarted = addDays(week.start, 7) <= data.today;
  const childLevel = data.children[0]?.area.level;

  const areaRows = [
    ...data.children.map((c) => ({ key: `area-${c.area.id}`, name: en ? c.area.name_en : c.area.name, figures: c.figures })),
    ...(data.rest ? [{ key: 'rest', name: t(data.path.length === 0 ? 'table.restRoot' : 'table.rest'), figures: data.rest, muted: true }] : []),
  ];
  const unitRows = data.units.map((u) => ({
    key: u.unit ? `unit-${u.unit.id}` : 'unassigned',
    name: u.unit ? (en ? (u.unit.name_en ?? u.unit.name) : u.unit.name) : t('table.unassigned'),
    figures: u.figures,
    muted: u.unit === null,
  }));

  return (
    <article className="dash-weekly" data-testid="dash-weekly">
      <div className="dash-weekly-controls dash-control">
        <label className="dash-field">
          <span>{t('weekly.week')}</span>
          <input
            type="week"
            value={week.week}
            max={isoWeekOf(data.today)}
            onChange={(e) => parseIsoWeek(e.target.value) && onWeek(e.target.value)}
            data-testid="dash-week"
          />
        </label>
        <button type="button" className="dash-secondary" onClick={() => onWeek(previous)} data-testid="dash-week-previous">
          ‹ {t('weekly.previous')}
        </button>
        <button type="button" className="dash-secondary" disabled={!nextStarted} onClick={() => onWeek(next)} data-testid="dash-week-next">
          {t('weekly.next')} ›
        </button>
        <span className="dash-spacer" />
        <button type="button" onClick={() => window.print()} data-testid="dash-print">
          {t('weekly.print')}
        </button>
        {canExport && (
          <>
            <a className="dash-button" href={weeklyReportUrl(scope, week.week, 'csv')} download data-testid="dash-csv">
              {t('weekly.csv')}
            </a>
            <a className="dash-button" href={weeklyReportUrl(scope, week.week, 'xlsx')} download data-testid="dash-xlsx">
              {t('weekly.xlsx')}
            </a>
          </>
        )}
      </div>

      <header className="dash-weekly-title">
        <h2 data-testid="dash-weekly-title">{t('weekly.title', { area: areaName, week: week.week })}</h2>
        <p>{t('weekly.subtitle', { start: format.date(week.start), end: format.date(week.end), asOf: format.date(week.as_of) })}</p>
        {week.as_of < week.end && <p className="dash-muted">{t('weekly.running')}</p>}
      </header>

      <section className="dash-section">
        <h3>{t('weekly.summary')}</h3>
        <ul className="dash-tiles" data-testid="dash-weekly-tiles">
          {WEEKLY_MEASURE_KEYS.map((m) => (
            <li key={m} className={m === 'overdue_at_end' && data.totals[m] > 0 ? 'dash-tile dash-tile-alert' : 'dash-tile'} title={label(WEEKLY_MEASURES[m].definition)} data-testid={`dash-weekly-tile-${m}`}>
              <span className="dash-tile-name">
                {label(WEEKLY_MEASURES[m].name)} <span className="dash-help" aria-hidden="true">ⓘ</span>
              </span>
              <span className="dash-tile-value" data-testid="dash-value">
                {data.totals[m]}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section className="dash-section">
        <h3>{t('weekly.byArea')}</h3>
        <FiguresTable nameHeader={childLevel ? label(AREA_LEVEL_LABELS[childLevel]) : t('table.children')} rows={areaRows} totals={data.totals} testId="dash-weekly-areas" />
      </section>
      <section className="dash-section">
        <h3>{t('weekly.byUnit')}</h3>
        <FiguresTable nameHeader={t('table.units')} rows={unitRows} totals={data.totals} testId="dash-weekly-units" />
      </section>
      <OverdueTable
        heading={t('overdue.headingAtEnd', { count: data.overdue.total })}
        items={data.overdue.items}
        total={data.overdue.total}
        onOpen={onOpenProject}
        testId="dash-weekly-overdue"
      />
      <Definitions measures={WEEKLY_MEASURES} open />
      <p className="dash-generated">{t('weekly.generated', { date: format.date(data.today) })}</p>
    </article>
  );
}

interface FiguresRow {
  key: string;
  name: string;
  figures: WeeklyFigures;
  muted?: boolean;
}

/** A week's figures for areas or units, with the total below. */
function FiguresTable({ nameHeader, rows, totals, testId }: { nameHeader: string; rows: FiguresRow[]; totals: WeeklyFigures; testId: string }) {
  const { t } = useTranslation('dashboard');
  const label = useBilingual();
  const format = useDashboardFormat();
  return (
    <div className="dash-table-wrap">
      <table className="dash-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{nameHeader}</th>
            {WEEKLY_MEASURE_KEYS.map((m) => (
              <th key={m} scope="col" title={label(WEEKLY_MEASURES[m].definition)}>
                {label(WEEKLY_MEASURES[m].name)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...rows, { key: 'total', name: t('table.total'), figures: totals, muted: true }].map((row) => (
            <tr key={row.key} data-testid={`${testId}-row`} data-key={row.key} className={row.muted ? 'dash-row-muted' : undefined}>
              <th scope="row">{row.name}</th>
              {WEEKLY_MEASURE_KEYS.map((m) => (
                <td key={m} data-measure={m} className={m === 'overdue_at_end' && row.figures[m] > 0 ? 'dash-overdue' : undefined}>
                  {format.whole(row.figures[m])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
