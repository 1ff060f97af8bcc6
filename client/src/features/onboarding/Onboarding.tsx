import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Static } from 'typebox';
import { useTranslation } from 'react-i18next';
import type { OnboardingOutput } from '../../../../server/src/domain/onboarding.js';
import { requestJson } from '../../api/http.js';
import { useErrorText } from '../../api/errorText.js';
import { useAreas } from '../../api/queries.js';
import './onboarding.css';

type Loaded = Static<typeof OnboardingOutput>;
export type OnboardingTarget = 'boundaries' | 'lists';

interface Step {
  key: 'areas' | 'units' | 'staff' | 'layers' | 'ledgers' | 'basemap';
  done: boolean;
  values: Record<string, string | number>;
  target?: OnboardingTarget;
}

function stepsOf(loaded: Loaded, basemapLabel: string): Step[] {
  const s = loaded.staff;
  return [
    { key: 'areas', done: loaded.districts > 0 && loaded.streets > 0, values: { districts: loaded.districts, streets: loaded.streets, communities: loaded.communities }, target: 'boundaries' },
    { key: 'units', done: loaded.units > 0, values: { units: loaded.units, short: loaded.units_with_short_names }, target: 'lists' },
    { key: 'staff', done: s.planner > 0 && s.unit > 0, values: { ...s }, target: 'lists' },
    { key: 'layers', done: loaded.compounds > 0, values: { compounds: loaded.compounds, roads: loaded.roads }, target: 'lists' },
    { key: 'ledgers', done: loaded.projects > 0, values: { ledgers: loaded.ledgers, projects: loaded.projects, unplaced: loaded.unplaced_rows } },
    { key: 'basemap', done: loaded.basemap !== 'none', values: { basemap: basemapLabel } },
  ];
}

/**
 * A district's first day, for its administrator: what is loaded and what is
 * missing, in the order that works (areas → units → staff → reference layers
 * → ledgers → basemap), each step a way to its import.
 */
export function Onboarding({ onGo }: { onGo(target: OnboardingTarget): void }) {
  const { t } = useTranslation('onboarding');
  const errorText = useErrorText();
  const [district, setDistrict] = useState<number>();
  const districts = useAreas('district');
  const loaded = useQuery({
    queryKey: ['onboarding', district ?? null],
    queryFn: () => requestJson<Loaded>(`/api/onboarding${district === undefined ? '' : `?district=${district}`}`),
  });
  const picker = (
    <label className="onboarding-district">
      {t('district')}
      <select value={district ?? ''} onChange={(e) => setDistrict(e.target.value === '' ? undefined : Number(e.target.value))} data-testid="onboarding-district">
        <option value="">{t('allDistricts')}</option>
        {districts.data?.features.map((d) => (
          <option key={d.id} value={d.id}>
            {d.properties.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="onboarding" data-testid="onboarding">
      <p className="admin-hint">{t('intro')}</p>
      {picker}
      {loaded.isPending ? <p>{t('loading')}</p> : loaded.isError ? <p role="alert">{errorText(loaded.error)}</p> : <Steps loaded={loaded.data} onGo={onGo} />}
    </section>
  );
}

function Steps({ loaded, onGo }: { loaded: Loaded; onGo(target: OnboardingTarget): void }) {
  const { t } = useTranslation('onboarding');
  const basemapLabel = t(`basemaps.${loaded.basemap}`, { defaultValue: loaded.basemap });
  return (
    <>
      {loaded.demo_data && <p className="import-note">{t('demo')}</p>}
      <ol className="onboarding-steps">
        {stepsOf(loaded, basemapLabel).map((step) => (
          <li key={step.key} data-done={step.done} data-testid={`onboarding-${step.key}`}>
            <span className="onboarding-mark" aria-label={step.done ? t('done') : t('todo')}>
              {step.done ? '✓' : '○'}
            </span>
            <div>
              <h3>{t(`steps.${step.key}.title`)}</h3>
              <p>{t(`steps.${step.key}.detail`, step.values)}</p>
              <p className="admin-hint">{t(`steps.${step.key}.how`)}</p>
            </div>
            {step.target && (
              <button type="button" onClick={() => onGo(step.target!)}>
                {t('go')}
              </button>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
