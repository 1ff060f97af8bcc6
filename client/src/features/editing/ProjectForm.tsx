import { useQueryClient } from '@tanstack/react-query';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { todayIn } from '../../../../server/src/domain/dates.js';
import { findKind, KINDS, type KindCode, type KindDefinition } from '../../../../server/src/domain/kinds/index.js';
import type { Bilingual } from '../../../../server/src/domain/text.js';
import { ApiError } from '../../api/http.js';
import { createProject, deleteProject, fetchProject, updateProject } from '../../api/projects.js';
import { invalidateProjectViews, queryKeys, useClientConfig, useUnits } from '../../api/queries.js';
import type { ProjectFeature, Unit } from '../../api/types.js';
import { useBilingual } from '../../i18n/index.js';
import { usePermissions } from '../../permissions.js';
import { AttributeFields } from './AttributeFields.js';
import { ConflictNotice, KeptValues, type KeptEntry } from './ConflictNotice.js';
import { DrawControls } from './DrawControls.js';
import { drawToolsFor } from './drawGeometry.js';
import { Field } from './Field.js';
import { FORM, GEOMETRY, groupByField, problemsFromServer } from './fieldErrors.js';
import {
  attributeFields,
  changedProperties,
  differingFields,
  emptyValues,
  inputFromValues,
  valuesFromProject,
  withFields,
  type FormValues,
  type TextField,
} from './formValues.js';
import { KindChooser } from './KindChooser.js';
import { UnitOptions, unitName } from './UnitOptions.js';
import { useProblemText } from './useProblemText.js';
import { useTerraDraw } from './useTerraDraw.js';
import { validateDraft, type Problem } from './validate.js';
import './editing.css';

/** Where "today" is for the date rules until the server has said (its APP_TIMEZONE, via /api/config). */
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const PLAIN_FIELDS: readonly TextField[] = [
  'title',
  'address',
  'description',
  'unit_id',
  'deadline',
  'reported_on',
  'households_benefited',
  'reporter_name',
  'reporter_phone',
  'internal_note',
];

interface Kept {
  values: FormValues;
  fields: string[];
  geometry: GeoJSON.Geometry | null;
}

export interface ProjectFormProps {
  map: MapLibreMap | null;
  /** The project being edited, or null when creating one. */
  project: ProjectFeature | null;
  initialKind?: KindCode;
  onSaved(id: number): void;
  onCancel(): void;
  onDeleted(id: number): void;
}

/** The form of one project, new or existing, with its geometry drawn on the map. */
export function ProjectForm(props: ProjectFormProps) {
  const { t } = useTranslation('editing');
  const bilingual = useBilingual();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const config = useClientConfig();
  const formRef = useRef<HTMLFormElement>(null);
  const permissions = usePermissions();

  const [base, setBase] = useState(props.project);
  const [kindChosen, setKindChosen] = useState(props.project !== null || props.initialKind !== undefined);
  const [values, setValues] = useState<FormValues>(() =>
    props.project ? valuesFromProject(props.project) : emptyValues(props.initialKind ?? KINDS[0].code),
  );
  const kind = findKind(values.kind) ?? KINDS[0];
  const tools = drawToolsFor(kind.geometryTypes);
  const drawing = useTerraDraw(props.map, {
    allowed: kind.geometryTypes,
    colour: kind.color,
    initial: (props.project?.geometry as GeoJSON.Geometry | undefined) ?? null,
    startWith: props.project === null && props.initialKind !== undefined && tools.length === 1 ? tools[0] : undefined,
  });

  const [problems, setProblems] = useState<Problem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState<'save' | 'delete' | 'reload' | null>(null);
  const [conflictVersion, setConflictVersion] = useState<number | null>(null);
  const [kept, setKept] = useState<Kept | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  const fieldKeys = useMemo(
    () => new Set<string>([...PLAIN_FIELDS, ...attributeFields(kind).map((f) => `attributes.${f.name}`)]),
    [kind],
  );
  const byField = groupByField(
    // A "draw it first" left from an earlier attempt is moot once something is drawn.
    problems.filter((p) => !('rule' in p && p.rule === 'geometryMissing' && drawing.phase === 'drawn')),
    fieldKeys,
  );

  useEffect(() => {
    if (attempt === 0) return;
    // After a refused save, take the keyboard to the first thing to fix.
    formRef.current?.querySelector<HTMLElement>('.editor-summary[data-has-form-problems], .editor-draw[aria-describedby] [role=group], [aria-invalid="true"]')?.focus();
  }, [attempt]);

  const showProblems = (found: Problem[]) => {
    setProblems(found);
    setAttempt((n) => n + 1);
  };

  const setField = (key: string, value: string) => {
    setValues((v) =>
      key.startsWith('attributes.')
        ? { ...v, attributes: { ...v.attributes, [key.slice('attributes.'.length)]: value } }
        : { ...v, [key]: value },
    );
    setProblems((ps) => ps.filter((p) => groupKey(p) !== key));
  };
  const groupKey = (p: Problem) => [...groupByField([p], fieldKeys).keys()][0];

  const chooseKind = (code: KindCode) => {
    const next = findKind(code)!;
    const nextTools = drawToolsFor(next.geometryTypes);
    setValues((v) => ({ ...v, kind: code }));
    setKindChosen(true);
    const keepsDrawing = drawing.phase === 'drawn' && drawing.tool !== null && nextTools.includes(drawing.tool);
    if (!keepsDrawing && nextTools.length === 1) drawing.startDrawing(nextTools[0]!);
    else drawing.keepOnly(nextTools);
  };

  const failed = (error: unknown) => {
    if (error instanceof ApiError && error.isConflict) {
      setConflictVersion(error.body.currentVersion ?? 0);
    } else if (error instanceof ApiError && error.fieldErrors.length > 0) {
      showProblems(problemsFromServer(error.fieldErrors));
    } else if (error instanceof ApiError && error.status === 404) {
      setFailure(t('deleted'));
    } else {
      setFailure(t('saveFailed', { message: error instanceof Error ? error.message : String(error) }));
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setFailure(null);
    const { input, problems: unreadable } = inputFromValues(values, kind);
    const geometry = drawing.geometry();
    const found = validateDraft(input, geometry, todayIn(config.data?.timeZone ?? DEFAULT_TIME_ZONE), unreadable);
    if (found.length > 0) {
      showProblems(found);
      return;
    }
    setProblems([]);
    setPending('save');
    try {
      const saved = base
        ? await updateProject(base.id, base.properties.version, {
            properties: changedProperties(inputFromValues(valuesFromProject(base), kind).input, input),
            ...(drawing.changed && geometry ? { geometry } : {}),
          })
        : await createProject(geometry!, input);
      invalidateProjectViews(queryClient);
      props.onSaved(saved.id);
    } catch (error) {
      failed(error);
    } finally {
      setPending(null);
    }
  };

  const remove = async () => {
    if (!base || pending) return;
    setFailure(null);
    setPending('delete');
    try {
      await deleteProject(base.id, base.properties.version);
      invalidateProjectViews(queryClient);
      props.onDeleted(base.id);
    } catch (error) {
      failed(error);
    } finally {
      setPending(null);
      setConfirmingDelete(false);
    }
  };

  const reload = async () => {
    if (!base) return;
    setPending('reload');
    try {
      const fresh = await queryClient.fetchQuery({ queryKey: queryKeys.project(base.id), queryFn: () => fetchProject(base.id), staleTime: 0 });
      const fields = differingFields(valuesFromProject(base), values);
      const geometry = drawing.changed ? drawing.geometry() : null;
      setKept(fields.length > 0 || geometry ? { values, fields, geometry } : null);
      setBase(fresh);
      setValues(valuesFromProject(fresh));
      drawing.load(fresh.geometry as GeoJSON.Geometry, false);
      setConflictVersion(null);
      setProblems([]);
    } catch (error) {
      failed(error);
    } finally {
      setPending(null);
    }
  };

  const reapply = () => {
    if (!kept) return;
    setValues((v) => withFields(v, kept.values, kept.fields));
    if (kept.geometry) drawing.load(kept.geometry, true);
    setKept(null);
  };

  const units = useUnits().data ?? [];
  const labelOf = (key: string) => fieldLabel(key, kind, t, bilingual);
  const keptEntries = kept ? keptList(kept, labelOf, (key, v) => displayValue(key, v, units, bilingual), { label: t('conflict.geometry'), value: t('draw.done') }) : [];
  const formProblems = byField.get(FORM) ?? [];

  const text = (name: TextField, options: { multiline?: boolean; maxLength?: number; required?: boolean; hint?: string; type?: string } = {}) => (
    <Field name={name} label={labelOf(name)} required={options.required} hint={options.hint} problems={byField.get(name)}>
      {(a11y) =>
        options.multiline ? (
          <textarea {...a11y} rows={3} value={values[name]} maxLength={options.maxLength} onChange={(e) => setField(name, e.target.value)} />
        ) : (
          <input
            {...a11y}
            type={options.type ?? 'text'}
            value={values[name]}
            maxLength={options.maxLength}
            required={options.required}
            onChange={(e) => setField(name, e.target.value)}
          />
        )
      }
    </Field>
  );

  return (
    <form
      ref={formRef}
      className="editor"
      noValidate
      onSubmit={(e) => void save(e)}
      aria-labelledby="editor-heading"
      data-testid="project-editor"
    >
      <h2 id="editor-heading">{base ? t('editProject') : t('newProject')}</h2>

      {conflictVersion !== null && <ConflictNotice version={conflictVersion} reloading={pending === 'reload'} onReload={() => void reload()} />}
      {kept && <KeptValues entries={keptEntries} onReapply={reapply} onDismiss={() => setKept(null)} />}
      {failure && (
        <p className="editor-notice editor-failure" role="alert">
          {failure}
        </p>
      )}
      {(formProblems.length > 0 || byField.size > 0) && (
        <div className="editor-notice editor-summary" role="alert" tabIndex={-1} data-has-form-problems={formProblems.length > 0 || undefined}>
          <p>{t('errorsHeading', { count: problems.length })}</p>
          {formProblems.length > 0 && (
            <ul data-field={FORM}>
              {formProblems.map((p, i) => (
                <li key={i}>{problemText(p)}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      {base ? (
        <p className="editor-kind-fixed">
          <span className="editor-kind-symbol" style={{ ['--kind-colour' as string]: kind.color }} aria-hidden="true">
            {kind.symbol}
          </span>
          {t('kind.fixed')}: {bilingual(kind.name)}
        </p>
      ) : (
        <KindChooser value={kindChosen ? values.kind : undefined} onChange={chooseKind} />
      )}

      {kindChosen && (
        <>
          <DrawControls drawing={drawing} tools={tools} mapReady={props.map !== null} problems={byField.get(GEOMETRY) ?? []} />

          <fieldset className="editor-group">
            {text('title', { required: true, maxLength: 200 })}
            {text('address', { maxLength: 500 })}
            {text('description', { multiline: true, maxLength: 5000 })}
          </fieldset>

          <fieldset className="editor-group">
            <Field name="unit_id" label={labelOf('unit_id')} problems={byField.get('unit_id')}>
              {(a11y) => (
                <select {...a11y} value={values.unit_id} onChange={(e) => setField('unit_id', e.target.value)}>
                  <option value="">{t('field.noUnit')}</option>
                  <UnitOptions />
                </select>
              )}
            </Field>
            {text('deadline', { type: 'date', hint: t('field.deadlineHint', { days: kind.defaultTimeLimitDays }) })}
            {text('reported_on', { type: 'date', hint: base ? undefined : t('field.reportedHint') })}
            <Field name="households_benefited" label={labelOf('households_benefited')} problems={byField.get('households_benefited')}>
              {(a11y) => (
                <input
                  {...a11y}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={10_000_000}
                  step={1}
                  value={values.households_benefited}
                  onChange={(e) => setField('households_benefited', e.target.value)}
                />
              )}
            </Field>
          </fieldset>

          <AttributeFields kind={kind} values={values.attributes} problems={byField} onChange={(name, v) => setField(`attributes.${name}`, v)} />

          <fieldset className="editor-group">
            <legend>{t('field.reporter')}</legend>
            {text('reporter_name', { maxLength: 100 })}
            {text('reporter_phone', { type: 'tel', maxLength: 30 })}
            {text('internal_note', { multiline: true, maxLength: 5000 })}
          </fieldset>
        </>
      )}

      <div className="editor-actions">
        {confirmingDelete && base ? (
          <div className="editor-confirm" role="alertdialog" aria-labelledby="editor-delete-question">
            <p id="editor-delete-question">{t('actions.deleteQuestion', { title: base.properties.title })}</p>
            <button type="button" className="editor-danger" onClick={() => void remove()} disabled={pending !== null}>
              {pending === 'delete' ? t('actions.deleting') : t('actions.confirmDelete')}
            </button>
            <button type="button" onClick={() => setConfirmingDelete(false)} autoFocus>
              {t('actions.keep')}
            </button>
          </div>
        ) : (
          <>
            <button type="submit" className="editor-primary" disabled={pending !== null || !kindChosen}>
              {pending === 'save' ? t('actions.saving') : base ? t('actions.save') : t('actions.create')}
            </button>
            <button type="button" onClick={props.onCancel} disabled={pending === 'save'}>
              {t('actions.cancel')}
            </button>
            {base && permissions.canDelete && (
              <button type="button" className="editor-danger" onClick={() => setConfirmingDelete(true)} disabled={pending !== null}>
                {t('actions.delete')}
              </button>
            )}
          </>
        )}
      </div>
    </form>
  );
}

type Translate = ReturnType<typeof useTranslation<'editing'>>['t'];

function fieldLabel(key: string, kind: KindDefinition, t: Translate, bilingual: (b: Bilingual) => string): string {
  if (key.startsWith('attributes.')) {
    const label = (kind.attributeLabels as Record<string, Bilingual>)[key.slice('attributes.'.length)];
    return label ? bilingual(label) : key;
  }
  return t(`field.${key as TextField}`);
}

function displayValue(key: string, values: FormValues, units: readonly Unit[], bilingual: (b: Bilingual) => string): string {
  if (key === 'unit_id') {
    const unit = units.find((u) => String(u.id) === values.unit_id);
    return unit ? unitName(unit, bilingual) : values.unit_id;
  }
  if (key.startsWith('attributes.')) return values.attributes[key.slice('attributes.'.length)] ?? '';
  return String(values[key as keyof FormValues] ?? '');
}

function keptList(
  kept: Kept,
  labelOf: (key: string) => string,
  valueOf: (key: string, v: FormValues) => string,
  geometry: { label: string; value: string },
): KeptEntry[] {
  const entries = kept.fields.filter((key) => key !== 'kind').map((key) => ({ key, label: labelOf(key), value: valueOf(key, kept.values) }));
  return kept.geometry ? [...entries, { key: 'geometry', ...geometry }] : entries;
}
