import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../api/errorText.js';
import { useSessionRecheck } from '../../session/session.js';
import { useProblemText } from '../editing/useProblemText.js';
import type { Problem } from '../editing/validate.js';
import { FORM, fieldProblemsOf, problemsByField } from './formProblems.js';

/**
 * The frame every administration form shares: a heading, the fields, problems
 * beside their inputs (the form's own checks first, then the server's), the
 * server's other refusals at the top, save and cancel.
 */
export function AdminForm(props: {
  heading: string;
  submitLabel: string;
  fields: readonly string[];
  mutation: { isPending: boolean; isError: boolean; error: unknown; reset(): void };
  check(): Problem[];
  send(): void;
  onCancel(): void;
  testId: string;
  children(problems: Map<string, Problem[]>): ReactNode;
}) {
  const { t } = useTranslation('admin');
  const errorText = useErrorText();
  const problemText = useProblemText();
  const [own, setOwn] = useState<Problem[]>([]);
  const server = fieldProblemsOf(props.mutation.error);
  const problems = problemsByField(own.length > 0 ? own : (server ?? []), props.fields);
  const formProblems = problems.get(FORM) ?? [];
  const refused = props.mutation.isError && server === null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (props.mutation.isPending) return;
    const found = props.check();
    setOwn(found);
    props.mutation.reset();
    if (found.length === 0) props.send();
  };

  return (
    <form className="editor admin-form" onSubmit={submit} noValidate data-testid={props.testId}>
      <h3>{props.heading}</h3>
      {refused && (
        <p className="editor-notice editor-failure" role="alert">
          {t('failed', { message: errorText(props.mutation.error) })}
        </p>
      )}
      {formProblems.length > 0 && (
        <ul className="editor-notice editor-failure" role="alert">
          {formProblems.map((p, i) => (
            <li key={i}>{problemText(p)}</li>
          ))}
        </ul>
      )}
      <div className="admin-fields">{props.children(problems)}</div>
      <div className="loop-actions">
        <button type="submit" className="editor-primary" disabled={props.mutation.isPending}>
          {props.mutation.isPending ? t('saving') : props.submitLabel}
        </button>
        <button type="button" onClick={props.onCancel} disabled={props.mutation.isPending}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

/** A change an administrator makes; a refusal because the session ended or went stale brings the header up to date. */
export function useAdminMutation<T, R>(mutationFn: (input: T) => Promise<R>, options: { onSuccess(result: R): void; onError?(error: unknown, input: T): void }) {
  const recheckSession = useSessionRecheck();
  return useMutation({
    mutationFn,
    onSuccess: options.onSuccess,
    onError: (error, input) => {
      recheckSession(error);
      options.onError?.(error, input);
    },
  });
}
