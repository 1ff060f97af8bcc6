import { useTranslation } from 'react-i18next';
import { attributeValueLabel, type KindDefinition } from '../../../../server/src/domain/kinds/index.js';
import { useBilingual } from '../../i18n/index.js';
import { Field } from './Field.js';
import { attributeFields, type AttributeField } from './formValues.js';
import type { Problem } from './validate.js';

/** Inputs for the kind's own attributes, generated from its TypeBox schema and labels. */
export function AttributeFields(props: {
  kind: KindDefinition;
  values: Record<string, string>;
  problems: ReadonlyMap<string, Problem[]>;
  onChange(name: string, value: string): void;
}) {
  const { t } = useTranslation('editing');
  const bilingual = useBilingual();
  const fields = attributeFields(props.kind);
  if (fields.length === 0) return null;
  return (
    <fieldset className="editor-group">
      <legend>{t('field.attributes')}</legend>
      {fields.map((field) => (
        <Field
          key={field.name}
          name={`attributes.${field.name}`}
          label={bilingual(field.label)}
          required={field.required}
          problems={props.problems.get(`attributes.${field.name}`)}
        >
          {(a11y) => (
            <AttributeInput
              field={field}
              optionLabel={(option) => {
                const label = attributeValueLabel(props.kind, field.name, option);
                return label ? bilingual(label) : option;
              }}
              value={props.values[field.name] ?? ''}
              a11y={a11y}
              onChange={(v) => props.onChange(field.name, v)}
            />
          )}
        </Field>
      ))}
    </fieldset>
  );
}

function AttributeInput(props: {
  field: AttributeField;
  optionLabel(option: string): string;
  value: string;
  a11y: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined };
  onChange(value: string): void;
}) {
  const { t } = useTranslation('editing');
  const { field } = props;
  if (field.type === 'enum') {
    return (
      <select {...props.a11y} value={props.value} required={field.required} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{t('field.chooseOption')}</option>
        {field.options?.map((option) => (
          <option key={option} value={option}>
            {props.optionLabel(option)}
          </option>
        ))}
      </select>
    );
  }
  if (field.type === 'string') {
    return <input {...props.a11y} type="text" value={props.value} maxLength={field.maxLength} required={field.required} onChange={(e) => props.onChange(e.target.value)} />;
  }
  return (
    <input
      {...props.a11y}
      type="number"
      inputMode={field.type === 'integer' ? 'numeric' : 'decimal'}
      step={field.type === 'integer' ? 1 : 'any'}
      min={field.min ?? field.exclusiveMin}
      max={field.max ?? field.exclusiveMax}
      value={props.value}
      required={field.required}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}
