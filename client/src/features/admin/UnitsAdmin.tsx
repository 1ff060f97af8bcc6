import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../api/errorText.js';
import { queryKeys, useAreas, useUnits } from '../../api/queries.js';
import type { AreaFeature, Unit } from '../../api/types.js';
import { useBilingual } from '../../i18n/index.js';
import { Field } from '../editing/Field.js';
import { unitGroups } from '../editing/UnitOptions.js';
import { AdminForm, useAdminMutation } from './AdminForm.js';
import { adminKeys, changeUnit, createUnit, type UnitInput } from './api.js';
import { missing } from './formProblems.js';

/** Responsible units, by district: list them, add one, rename one. */
export function UnitsAdmin() {
  const { t } = useTranslation('admin');
  const bilingual = useBilingual();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const units = useUnits();
  const districts = useAreas('district').data?.features ?? [];
  const [open, setOpen] = useState<'create' | number | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const saved = (text: string) => {
    setOpen(null);
    setMessage(text);
    void queryClient.invalidateQueries({ queryKey: queryKeys.units });
    // Users show their unit's name.
    void queryClient.invalidateQueries({ queryKey: adminKeys.users });
  };

  if (units.isError) return <p role="alert">{t('loadFailed', { message: errorText(units.error) })}</p>;
  if (!units.data) return <p>{t('loading')}</p>;
  const districtName = (id: number | null) => {
    const d = districts.find((a) => a.id === id);
    return d ? bilingual({ zh: d.properties.name, en: d.properties.name_en }) : t('units.noDistrict');
  };

  return (
    <section className="admin-section" data-testid="admin-units">
      {message && (
        <p className="admin-message" role="status">
          {message}
        </p>
      )}
      {open === 'create' ? (
        <UnitForm districts={districts} onSaved={(u) => saved(t('units.created', { name: u.name }))} onCancel={() => setOpen(null)} />
      ) : (
        <button
          type="button"
          className="admin-add"
          onClick={() => {
            setOpen('create');
            setMessage(null);
          }}
          data-testid="add-unit"
        >
          {t('units.add')}
        </button>
      )}
      <p className="admin-hint">{t('units.count', { count: units.data.length })}</p>
      <div className="admin-table-wrap">
        <table className="admin-table">
          <thead>
            <tr>
              <th>{t('units.name')}</th>
              <th>{t('units.english')}</th>
              <th>{t('units.district')}</th>
              <th>{t('units.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {unitGroups(units.data, districts).flatMap((group) =>
              group.units.map((unit) => (
                <Fragment key={unit.id}>
                  <tr data-unit={unit.name}>
                    <td>
                      {unit.name}
                      {unit.is_demo && <span className="admin-tag demo-tag">{t('users.demo')}</span>}
                    </td>
                    <td>{unit.name_en ?? '—'}</td>
                    <td>{districtName(unit.district_id)}</td>
                    <td className="admin-row-actions">
                      <button
                        type="button"
                        aria-expanded={open === unit.id}
                        onClick={() => {
                          setOpen(unit.id);
                          setMessage(null);
                        }}
                      >
                        {t('units.rename')}
                      </button>
                    </td>
                  </tr>
                  {open === unit.id && (
                    <tr className="admin-editor-row">
                      <td colSpan={4}>
                        <UnitForm unit={unit} districts={districts} onSaved={(u) => saved(t('units.changed', { name: u.name }))} onCancel={() => setOpen(null)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              )),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A new unit, or an existing one's names and district. */
function UnitForm(props: { unit?: Unit; districts: readonly AreaFeature[]; onSaved(unit: Unit): void; onCancel(): void }) {
  const { t } = useTranslation('admin');
  const bilingual = useBilingual();
  const { unit } = props;
  const [name, setName] = useState(unit?.name ?? '');
  const [nameEn, setNameEn] = useState(unit?.name_en ?? '');
  const [district, setDistrict] = useState(unit?.district_id === null || unit === undefined ? '' : String(unit.district_id));
  const save = useAdminMutation((input: UnitInput) => (unit ? changeUnit(unit.id, input) : createUnit(input)), { onSuccess: props.onSaved });
  const prefix = unit ? `unit-${unit.id}` : 'unit-new';
  return (
    <AdminForm
      heading={unit ? t('units.renameHeading', { name: unit.name }) : t('units.addHeading')}
      submitLabel={unit ? t('save') : t('units.create')}
      fields={['name', 'name_en', 'district_id']}
      mutation={save}
      check={() => missing({ name }, ['name'])}
      send={() => save.mutate({ name, name_en: nameEn.trim() || null, district_id: district === '' ? null : Number(district) })}
      onCancel={props.onCancel}
      testId={unit ? 'rename-unit' : 'create-unit'}
    >
      {(problems) => (
        <>
          <Field name={`${prefix}.name`} label={t('units.name')} required problems={problems.get('name')}>
            {(a11y) => <input {...a11y} type="text" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field name={`${prefix}.name_en`} label={t('units.name_en')} problems={problems.get('name_en')}>
            {(a11y) => <input {...a11y} type="text" maxLength={200} value={nameEn} onChange={(e) => setNameEn(e.target.value)} />}
          </Field>
          <Field name={`${prefix}.district_id`} label={t('units.district')} problems={problems.get('district_id')}>
            {(a11y) => (
              <select {...a11y} value={district} onChange={(e) => setDistrict(e.target.value)}>
                <option value="">{t('units.noDistrict')}</option>
                {props.districts.map((d) => (
                  <option key={d.id} value={String(d.id)}>
                    {bilingual({ zh: d.properties.name, en: d.properties.name_en })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
    </AdminForm>
  );
}
