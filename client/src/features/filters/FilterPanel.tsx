import { useTranslation } from 'react-i18next';
import { KINDS, type KindCode } from '../../../../server/src/domain/kinds/index.js';
import { STATUS_LABELS, STATUSES, type Status } from '../../../../server/src/domain/status.js';
import { useUnits } from '../../api/queries.js';
import { useBilingual, useFormat } from '../../i18n/index.js';
import { EMPTY_FILTERS, type ProjectFilters } from '../../state/viewState.js';
import { AreaPicker, type AreaPath } from './AreaPicker.js';
import { KindSwatch } from '../legend/KindSwatch.js';

interface FilterPanelProps {
  filters: ProjectFilters;
  areaPath: AreaPath;
  /** Projects per kind under the other filters, shown beside each kind. */
  countsByKind: Map<string, number>;
  onChange(filters: ProjectFilters): void;
  onAreaChange(path: AreaPath): void;
}

function toggle<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function FilterPanel({ filters, areaPath, countsByKind, onChange, onAreaChange }: FilterPanelProps) {
  const { t, i18n } = useTranslation();
  const label = useBilingual();
  const format = useFormat();
  const units = useUnits();
  const set = (change: Partial<ProjectFilters>) => onChange({ ...filters, ...change });

  return (
    <section className="filters" aria-labelledby="filters-heading">
      <h2 id="filters-heading">{t('filters.heading')}</h2>
      <label className="search">
        <span>{t('filters.search')}</span>
        <input
          // A new key when the filter changes elsewhere (Back, clear) resets what is typed.
          key={filters.q ?? ''}
          type="search"
          defaultValue={filters.q ?? ''}
          placeholder={t('filters.searchPlaceholder')}
          maxLength={100}
          onKeyDown={(e) => {
            if (e.key === 'Enter') set({ q: e.currentTarget.value.trim() || undefined });
          }}
          onBlur={(e) => set({ q: e.currentTarget.value.trim() || undefined })}
          data-testid="search"
        />
      </label>
      <AreaPicker path={areaPath} onChange={onAreaChange} />
      <fieldset className="chips">
        <legend>{t('filters.kinds')}</legend>
        {KINDS.map((k) => (
          <label key={k.code} className="chip">
            <input
              type="checkbox"
              checked={filters.kinds.includes(k.code)}
              onChange={() => set({ kinds: toggle<KindCode>(filters.kinds, k.code) })}
              data-testid={`kind-${k.code}`}
            />
            <KindSwatch kind={k} />
            {label(k.name)}
            <b className="count">{format.number(countsByKind.get(k.code) ?? 0)}</b>
          </label>
        ))}
      </fieldset>
      <fieldset className="chips">
        <legend>{t('filters.statuses')}</legend>
        {STATUSES.map((s) => (
          <label key={s} className="chip">
            <input type="checkbox" checked={filters.statuses.includes(s)} onChange={() => set({ statuses: toggle<Status>(filters.statuses, s) })} />
            {label(STATUS_LABELS[s])}
          </label>
        ))}
      </fieldset>
      <label className="chip overdue-toggle">
        <input type="checkbox" checked={filters.overdue} onChange={(e) => set({ overdue: e.target.checked })} data-testid="overdue" />
        {t('filters.overdueOnly')}
      </label>
      <label>
        <span>{t('filters.unit')}</span>
        <select value={filters.units[0] ?? ''} onChange={(e) => set({ units: e.target.value ? [Number(e.target.value)] : [] })}>
          <option value="">{t('filters.allUnits')}</option>
          {units.data?.map((u) => (
            <option key={u.id} value={u.id}>
              {i18n.language === 'en' && u.name_en ? u.name_en : u.name}
            </option>
          ))}
        </select>
      </label>
      <div className="date-range">
        <label>
          <span>{t('filters.reportedFrom')}</span>
          <input type="date" value={filters.from ?? ''} max={filters.to} onChange={(e) => set({ from: e.target.value || undefined })} />
        </label>
        <label>
          <span>{t('filters.reportedTo')}</span>
          <input type="date" value={filters.to ?? ''} min={filters.from} onChange={(e) => set({ to: e.target.value || undefined })} />
        </label>
      </div>
      <button type="button" className="secondary" onClick={() => onChange({ ...EMPTY_FILTERS })}>
        {t('filters.clear')}
      </button>
    </section>
  );
}
