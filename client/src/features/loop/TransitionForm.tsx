import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { todayIn } from '../../../../server/src/domain/dates.js';
import { findKind } from '../../../../server/src/domain/kinds/index.js';
import { SATISFACTION_LABELS, type Transition } from '../../../../server/src/domain/lifecycle.js';
import { useErrorText } from '../../api/errorText.js';
import { ApiError } from '../../api/http.js';
import { useClientConfig } from '../../api/queries.js';
import type { ProjectFeature } from '../../api/types.js';
import { useBilingual } from '../../i18n/index.js';
import { useSessionRecheck } from '../../session/session.js';
import { Field } from '../editing/Field.js';
import { problemsFromServer } from '../editing/fieldErrors.js';
import { UnitOptions } from '../editing/UnitOptions.js';
import { useProblemText } from '../editing/useProblemText.js';
import type { Problem } from '../editing/validate.js';
import { PHOTO_ACCEPT, photoFileProblem } from './photoFile.js';
import { fieldsFor, initialDraft, satisfactionChoices, transitionRequest, type TransitionDraft } from './transitionDraft.js';
import { useTransition, type StepOutcome } from './useTransition.js';

/** Where "today" is until the server has said (its APP_TIMEZONE, via /api/config). */
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Form keys of the inputs, as the API's JSON pointers name them. */
const FIELD_OF: Record<string, string> = { '/unit_id': 'step.unit_id', '/deadline': 'step.deadline', '/note': 'step.note', '/satisfaction': 'step.satisfaction' };
const AFTER_PHOTO = 'step.photo';

export interface TransitionFormProps {
  project: ProjectFeature;
  transition: Transition;
  onDone(outcome: StepOutcome): void;
  /** 409: the project changed since it was loaded (or the step no longer exists). */
  onConflict(): void;
  onBack(): void;
}

/**
 * What one step of the loop needs, and nothing more: assigning asks for a unit
 * and a deadline, completing for a note (and perhaps a photo), a follow-up for
 * the residents' satisfaction, cancelling for a reason.
 */
export function TransitionForm({ project, transition, onDone, onConflict, onBack }: TransitionFormProps) {
  const { t } = useTranslation('loop');
  const bilingual = useBilingual();
  const problemText = useProblemText();
  const errorText = useErrorText();
  const recheckSession = useSessionRecheck();
  const [problems, setProblems] = useState<Problem[]>([]);
  const step = useTransition(project.id, {
    onSuccess: onDone,
    onError: (error) => {
      recheckSession(error);
      if (error instanceof ApiError && error.isConflict) onConflict();
      else if (error instanceof ApiError && error.fieldErrors.length > 0) setProblems(problemsFromServer(error.fieldErrors));
    },
  });
  const pending = step.isPending;
  const config = useClientConfig();
  const ids = useId();
  const today = todayIn(config.data?.timeZone ?? DEFAULT_TIME_ZONE);
  const [draft, setDraft] = useState<TransitionDraft>(() => initialDraft(transition, project, today));
  const [photo, setPhoto] = useState<File | null>(null);
  const [photoPublic, setPhotoPublic] = useState(false);
  const fields = fieldsFor(transition);
  const withPhoto = transition.requires === 'completion_note';
  const kind = findKind(project.properties.kind);

  const byField = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = FIELD_OF[p.field] ?? (p.field === AFTER_PHOTO ? AFTER_PHOTO : 'form');
    byField.set(key, [...(byField.get(key) ?? []), p]);
  }
  const formProblems = byField.get('form') ?? [];

  const set = (name: keyof TransitionDraft, value: string) => {
    setDraft((d) => ({ ...d, [name]: value }));
    setProblems((ps) => ps.filter((p) => FIELD_OF[p.field] !== `step.${name}`));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const built = transitionRequest(transition, draft, project.properties.version);
    const photoProblem = photo ? photoFileProblem(photo, AFTER_PHOTO) : null;
    const found = [...(built.ok ? [] : built.problems), ...(photoProblem ? [photoProblem] : [])];
    setProblems(found);
    if (!built.ok || found.length > 0) return;
    step.mutate({ request: built.request, photo: photo ? { file: photo, isPublic: photoPublic } : null });
  };
  const refused = step.isError && !(step.error instanceof ApiError && (step.error.isConflict || step.error.fieldErrors.length > 0));

  const noteLabel =
    transition.requires === 'completion_note'
      ? t('steps.completionNote')
      : transition.requires === 'reason'
        ? t('steps.reason')
        : fields.satisfaction
          ? t('steps.followUpNote')
          : t('steps.note');

  return (
    <form className="editor loop-form" onSubmit={submit} noValidate data-testid="transition-form" data-to={transition.to}>
      <h4>{bilingual(transition.action)}</h4>
      {refused && (
        <p className="editor-notice editor-failure" role="alert">
          {t('steps.failed', { message: errorText(step.error) })}
        </p>
      )}
      {formProblems.length > 0 && (
        <div className="editor-notice editor-summary" role="alert">
          <p>{t('steps.errorsHeading', { count: problems.length })}</p>
          <ul>
            {formProblems.map((p, i) => (
              <li key={i}>{problemText(p)}</li>
            ))}
          </ul>
        </div>
      )}
      {fields.unit && (
        <Field name="step.unit_id" label={t('steps.unit')} required problems={byField.get('step.unit_id')}>
          {(a11y) => (
            <select {...a11y} value={draft.unit_id} onChange={(e) => set('unit_id', e.target.value)}>
              <option value="">{t('steps.chooseUnit')}</option>
              <UnitOptions />
            </select>
          )}
        </Field>
      )}
      {fields.deadline && (
        <Field
          name="step.deadline"
          label={t('steps.deadline')}
          hint={kind ? t('steps.deadlineHint', { days: kind.defaultTimeLimitDays }) : undefined}
          problems={byField.get('step.deadline')}
        >
          {(a11y) => <input {...a11y} type="date" min={today} value={draft.deadline} onChange={(e) => set('deadline', e.target.value)} />}
        </Field>
      )}
      {fields.satisfaction && (
        <fieldset
          className="loop-choices loop-satisfaction"
          id="editor-step-satisfaction"
          aria-invalid={byField.has('step.satisfaction')}
          aria-describedby={byField.has('step.satisfaction') ? `${ids}-satisfaction-error` : undefined}
        >
          <legend>
            {t('steps.satisfaction')}
            <span className="editor-required"> {t('editing:field.required')}</span>
          </legend>
          {satisfactionChoices(transition).map((s) => (
            <label key={s}>
              <input type="radio" name={`${ids}-satisfaction`} value={s} checked={draft.satisfaction === String(s)} onChange={() => set('satisfaction', String(s))} />
              {`${s} · ${bilingual(SATISFACTION_LABELS[s])}`}
            </label>
          ))}
          {byField.has('step.satisfaction') && (
            <p id={`${ids}-satisfaction-error`} className="editor-error" data-field="step.satisfaction">
              {byField.get('step.satisfaction')!.map(problemText).join(';')}
            </p>
          )}
        </fieldset>
      )}
      <Field
        name="step.note"
        label={noteLabel}
        required={fields.noteRequired}
        hint={transition.requires === 'completion_note' ? t('steps.completionNoteHint') : undefined}
        problems={byField.get('step.note')}
      >
        {(a11y) => <textarea {...a11y} rows={3} maxLength={2000} value={draft.note} onChange={(e) => set('note', e.target.value)} />}
      </Field>
      {withPhoto && (
        <>
          <Field name={AFTER_PHOTO} label={t('steps.afterPhoto')} hint={t('photos.fileHint')} problems={byField.get(AFTER_PHOTO)}>
            {(a11y) => (
              <input
                {...a11y}
                type="file"
                accept={PHOTO_ACCEPT}
                onChange={(e) => {
                  setPhoto(e.target.files?.[0] ?? null);
                  setProblems((ps) => ps.filter((p) => p.field !== AFTER_PHOTO));
                }}
              />
            )}
          </Field>
          {photo && (
            <div className="loop-check">
              <label>
                <input type="checkbox" checked={photoPublic} onChange={(e) => setPhotoPublic(e.target.checked)} />
                {t('steps.afterPhotoPublic')}
              </label>
              <p className="editor-hint">{t('photos.publicHint')}</p>
            </div>
          )}
        </>
      )}
      <div className="loop-actions">
        <button type="submit" className="editor-primary" disabled={pending} data-testid="transition-submit">
          {pending ? t('steps.submitting') : bilingual(transition.action)}
        </button>
        <button type="button" onClick={onBack} disabled={pending}>
          {t('steps.back')}
        </button>
      </div>
    </form>
  );
}
