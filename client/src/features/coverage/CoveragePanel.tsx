import { useTranslation } from 'react-i18next';
import { COVERAGE_KINDS, COVERAGE_METRICS, type CoverageKind } from '../../../../server/src/domain/coverage.js';
import { STATUS_LABELS, STATUSES } from '../../../../server/src/domain/status.js';
import type { AreaCollection } from '../../api/types.js';
import { useBilingual } from '../../i18n/index.js';
import { coverageClasses, NO_DATA_COLOR } from '../../map/coverageLayers.js';
import { PARAMS_OF_KIND, type CoverageResult, type GapFeature } from './api.js';
import { ChildrenTable } from './ChildrenTable.js';
import './coverage.css';
import { useCoverageFormat } from './format.js';
import { ParamField } from './ParamField.js';
import type { CoverageView } from './useCoverageView.js';

interface Props {
  coverage: CoverageView;
  area: number | undefined;
  areas: AreaCollection | undefined;
  /** Make this area the one the app looks at (the area filter). */
  onDrill(areaId: number): void;
}

/** How much of the need the chosen area's projects meet, for one kind, and how its parts compare. */
export function CoveragePanel({ coverage, area, areas, onDrill }: Props) {
  const { t } = useTranslation('coverage');
  const label = useBilingual();
  const { settings, setSettings, headline, children } = coverage;
  const failed = headline.error ?? children.error;

  return (
    <section className="coverage-panel" aria-labelledby="coverage-heading" data-testid="coverage-panel">
      <h2 id="coverage-heading">{t('heading')}</h2>
      <div className="coverage-controls">
        <label className="coverage-param">
          <span>{t('kind')}</span>
          <select value={settings.kind} onChange={(e) => setSettings({ ...settings, kind: e.target.value as CoverageKind })} data-testid="coverage-kind">
            {COVERAGE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {label(COVERAGE_METRICS[kind].name)}
              </option>
            ))}
          </select>
        </label>
        {PARAMS_OF_KIND[settings.kind].map((name) => (
          <ParamField key={name} name={name} value={settings.params[name]} onCommit={(value) => setSettings({ ...settings, params: { ...settings.params, [name]: value } })} />
        ))}
      </div>
      {area === undefined ? (
        <DistrictPicker areas={areas} onPick={onDrill} />
      ) : failed ? (
        <p role="alert">{t('loadFailed', { message: failed.message })}</p>
      ) : !headline.data ? (
        <p className="coverage-muted">{t('loading')}</p>
      ) : (
        <div aria-busy={headline.isFetching || children.isFetching}>
          <Headline result={headline.data} />
          <Extras result={headline.data} />
          <Loop result={headline.data} />
          <GapList gaps={coverage.gaps?.features} unit={headline.data.unit} />
          <h3>{t('children.heading')}</h3>
          {children.data && children.data.length > 0 && <ChoroplethLegend />}
          {children.data && <ChildrenTable rows={children.data} onDrill={onDrill} />}
        </div>
      )}
    </section>
  );
}

function DistrictPicker({ areas, onPick }: { areas: AreaCollection | undefined; onPick(id: number): void }) {
  const { t, i18n } = useTranslation('coverage');
  const districts = areas?.features.filter((a) => a.properties.level === 'district') ?? [];
  return (
    <div className="coverage-pick">
      <p>{t('pickDistrict')}</p>
      <label className="coverage-param">
        <span>{t('chooseDistrict')}</span>
        <select value="" onChange={(e) => e.target.value && onPick(Number(e.target.value))} data-testid="coverage-pick-district">
          <option value="">—</option>
          {districts.map((d) => (
            <option key={d.id} value={d.id}>
              {i18n.language === 'en' ? d.properties.name_en : d.properties.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function Headline({ result }: { result: CoverageResult }) {
  const { t, i18n } = useTranslation('coverage');
  const label = useBilingual();
  const format = useCoverageFormat();
  const { definition } = result;
  return (
    <div className="coverage-headline">
      <p className="coverage-area">{i18n.language === 'en' ? result.area.name_en : result.area.name}</p>
      <p className="coverage-metric">{label(definition.name)}</p>
      <p className="coverage-ratio" data-testid="coverage-ratio" title={result.ratio === null ? t('noDataHint') : undefined}>
        {format.ratio(result.ratio)}
      </p>
      <p className="coverage-fraction">
        <span data-testid="coverage-numerator">{format.whole(result.numerator)}</span> /{' '}
        <span data-testid="coverage-denominator">{format.whole(result.denominator)}</span> {t(`unit.${result.unit}`)}
      </p>
      <dl className="coverage-figures coverage-definition">
        <dt>{t('numeratorIs')}</dt>
        <dd>{label(definition.numerator)}</dd>
        <dt>{t('denominatorIs')}</dt>
        <dd>{label(definition.denominator)}</dd>
      </dl>
    </div>
  );
}

function Extras({ result }: { result: CoverageResult }) {
  const { t } = useTranslation('coverage');
  const format = useCoverageFormat();
  const entries = Object.entries(result.extras);
  if (entries.length === 0) return null;
  return (
    <>
      <h3>{t('extras.heading')}</h3>
      <dl className="coverage-figures" data-testid="coverage-extras">
        {entries.map(([key, value]) => (
          <div className="row" key={key}>
            <dt>{t(`extras.${key}`, { defaultValue: key })}</dt>
            <dd>{key.endsWith('_ratio') ? format.ratio(value) : format.decimal(value)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function Loop({ result }: { result: CoverageResult }) {
  const { t } = useTranslation('coverage');
  const label = useBilingual();
  const format = useCoverageFormat();
  const { loop } = result;
  const days = (d: number | null) => (d === null ? t('noData') : t('loop.days', { days: format.decimal(d) }));
  return (
    <>
      <h3>{t('loop.heading')}</h3>
      <dl className="coverage-figures" data-testid="coverage-loop">
        <div className="row">
          <dt>{t('loop.onTime')}</dt>
          <dd>
            <b data-testid="coverage-on-time">{format.ratio(loop.on_time.ratio)}</b>
            <small>{t('loop.onTimeFraction', { numerator: format.whole(loop.on_time.numerator), denominator: format.whole(loop.on_time.denominator) })}</small>
          </dd>
        </div>
        <div className="row">
          <dt>{t('loop.overdue')}</dt>
          <dd data-testid="coverage-overdue">{format.whole(loop.overdue)}</dd>
        </div>
        <div className="row">
          <dt>{t('loop.median')}</dt>
          <dd>{days(loop.median_days_to_complete)}</dd>
        </div>
        <div className="row">
          <dt>{t('loop.mean')}</dt>
          <dd>{days(loop.mean_days_to_complete)}</dd>
        </div>
        <div className="row">
          <dt>{t('loop.byStatus')}</dt>
          <dd>
            <ul className="coverage-statuses">
              {STATUSES.map((s) => (
                <li key={s}>
                  {label(STATUS_LABELS[s])} <b>{format.whole(loop.by_status[s] ?? 0)}</b>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
    </>
  );
}

/** What the colours of the child areas on the map mean. */
function ChoroplethLegend() {
  const { t } = useTranslation('coverage');
  const format = useCoverageFormat();
  return (
    <figure className="coverage-legend" aria-labelledby="coverage-legend-heading" data-testid="coverage-legend">
      <figcaption id="coverage-legend-heading">{t('legend.heading')}</figcaption>
      <ul>
        {coverageClasses().map((c) => (
          <li key={c.color}>
            <span className="coverage-swatch" style={{ background: c.color }} aria-hidden="true" />
            {t('legend.range', { from: format.ratio(c.from), to: format.ratio(c.to) })}
          </li>
        ))}
        <li>
          <span className="coverage-swatch" style={{ background: NO_DATA_COLOR }} aria-hidden="true" />
          {t('noData')}
        </li>
      </ul>
    </figure>
  );
}

/** The largest gaps first: what a planner would tackle next. */
function GapList({ gaps, unit }: { gaps: GapFeature[] | undefined; unit: CoverageResult['unit'] }) {
  const { t } = useTranslation('coverage');
  const format = useCoverageFormat();
  if (!gaps) return null;
  const size = (g: GapFeature['properties']) =>
    g.households !== undefined
      ? t('gaps.households', { count: format.whole(g.households) })
      : g.length_m !== undefined
        ? t('gaps.metres', { count: format.whole(g.length_m) })
        : t('gaps.reports', { count: format.whole(g.reports ?? 0), open: format.whole(g.open_reports ?? 0) });
  return (
    <section className="coverage-gaps" data-testid="coverage-gaps" data-unit={unit}>
      <h3>{t('gaps.heading', { count: gaps.length })}</h3>
      {gaps.length === 0 ? (
        <p className="coverage-muted">{t('gaps.none')}</p>
      ) : (
        <ol>
          {gaps.slice(0, GAPS_LISTED).map((g) => (
            <li key={g.properties.rank}>
              <span className="gap-rank">{g.properties.rank}</span> {g.properties.name || t('gaps.unnamed')} · {size(g.properties)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const GAPS_LISTED = 5;
