import { useTranslation } from 'react-i18next';
import { useAreas } from '../../api/queries.js';
import type { AreaFeature } from '../../api/types.js';

export interface AreaPath {
  district?: number;
  street?: number;
  community?: number;
}

interface AreaPickerProps {
  path: AreaPath;
  onChange(path: AreaPath): void;
}

/** District → street → community, each list the children of the one above. */
export function AreaPicker({ path, onChange }: AreaPickerProps) {
  const { t } = useTranslation();
  const districts = useAreas('district');
  const streets = useAreas('street', path.district, path.district !== undefined);
  const communities = useAreas('community', path.street, path.street !== undefined);

  return (
    <fieldset className="area-picker">
      <legend>{t('filters.area')}</legend>
      <AreaSelect
        label={t('filters.district')}
        anyLabel={t('filters.allDistricts')}
        groups={byPrefecture(districts.data?.features ?? [])}
        value={path.district}
        onChange={(district) => onChange({ district })}
        testId="pick-district"
      />
      <AreaSelect
        label={t('filters.street')}
        anyLabel={t('filters.allStreets')}
        groups={[['', streets.data?.features ?? []]]}
        value={path.street}
        onChange={(street) => onChange({ district: path.district, street })}
        testId="pick-street"
      />
      <AreaSelect
        label={t('filters.community')}
        anyLabel={t('filters.allCommunities')}
        groups={[['', communities.data?.features ?? []]]}
        value={path.community}
        onChange={(community) => onChange({ ...path, community })}
        testId="pick-community"
      />
    </fieldset>
  );
}

interface AreaSelectProps {
  label: string;
  anyLabel: string;
  /** Areas under group headings; a group with an empty heading is listed plainly. */
  groups: [string, AreaFeature[]][];
  value: number | undefined;
  onChange(id: number | undefined): void;
  testId: string;
}

function AreaSelect({ label, anyLabel, groups, value, onChange, testId }: AreaSelectProps) {
  const { i18n } = useTranslation();
  const nameOf = (a: AreaFeature) => (i18n.language === 'en' ? a.properties.name_en : a.properties.name);
  const options = (areas: AreaFeature[]) =>
    areas.map((a) => (
      <option key={a.id} value={a.id}>
        {nameOf(a)}
      </option>
    ));
  const empty = groups.every(([, areas]) => areas.length === 0);
  return (
    <label>
      <span>{label}</span>
      <select
        value={value ?? ''}
        disabled={empty}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        data-testid={testId}
      >
        <option value="">{anyLabel}</option>
        {groups.map(([heading, areas]) =>
          heading ? (
            <optgroup key={heading} label={heading}>
              {options(areas)}
            </optgroup>
          ) : (
            options(areas)
          ),
        )}
      </select>
    </label>
  );
}

function byPrefecture(areas: AreaFeature[]): [string, AreaFeature[]][] {
  const groups = new Map<string, AreaFeature[]>();
  for (const a of areas) {
    const key = a.properties.prefecture ?? '';
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups];
}
