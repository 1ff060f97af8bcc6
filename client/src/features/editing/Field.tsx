import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useProblemText } from './useProblemText.js';
import type { Problem } from './validate.js';

/** The id of a field's input, from its form key (`title`, `attributes.piles`). */
export function inputId(key: string): string {
  return `editor-${key.replace(/\./g, '-')}`;
}

export interface FieldA11y {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled input with its hint and, beside it, what is wrong with it. */
export function Field(props: {
  name: string;
  label: string;
  required?: boolean;
  hint?: string;
  problems?: readonly Problem[];
  children: (a11y: FieldA11y) => ReactNode;
}) {
  const { t } = useTranslation('editing');
  const text = useProblemText();
  const id = inputId(props.name);
  const problems = props.problems ?? [];
  const describedBy = [props.hint ? `${id}-hint` : '', problems.length > 0 ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`editor-field${problems.length > 0 ? ' editor-field-invalid' : ''}`}>
      <label htmlFor={id}>
        {props.label}
        {props.required && <span className="editor-required"> {t('field.required')}</span>}
      </label>
      {props.children({ id, 'aria-invalid': problems.length > 0, 'aria-describedby': describedBy || undefined })}
      {props.hint && (
        <p id={`${id}-hint`} className="editor-hint">
          {props.hint}
        </p>
      )}
      {problems.length > 0 && (
        <p id={`${id}-error`} className="editor-error" data-field={props.name}>
          {problems.map(text).join(';')}
        </p>
      )}
    </div>
  );
}
