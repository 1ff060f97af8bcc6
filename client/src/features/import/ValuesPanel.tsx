import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KINDS } from '../../../../server/src/domain/kinds/index.js';
import { STATUS_LABELS, STATUSES } from '../../../../server/src/domain/status.js';
import type { ValueDecisionInput, ValueEntryOutput } from '../../../../server/src/domain/ledgerImport.js';
import { queryKeys, useAreas, useUnits } from '../../api/queries.js';
import { useBilingual, useFormat } from '../../i18n/index.js';
import { decideValues, importKeys, useValueList } from './api.js';
import { errorInBothLanguages } from './bothLanguages.js';
import { ErrorNotice, useBothLanguages } from './ErrorNotice.js';

interface Props {
  importId: number;
  /** Decisions apply from the next preview on. */
  onPreviewAgain(): void;
  previewing: boolean;
}

/**
 * The values of the ledger that match no unit, kind, status or street
 * exactly, most rows first: what the preview took each to mean, and the
 * planner's decision, once per value. Decisions are kept with the ledger
 * (and a unit's as its short name); a new preview applies them.
 */
export function ValuesPanel({ importId, onPreviewAgain, previewing }: Props) {
  const { t } = useTranslation('import');
  const { number } = useFormat();
  const both = useBothLanguages();
  const queryClient = useQueryClient();
  const list = useValueList(importId);
  const [decided, setDecided] = useState(0);
  const decide = useMutation({
    mutationFn: (decision: ValueDecisionInput) => decideValues(importId, [decision]),
    onSuccess: (next, decision) => {
      queryClient.setQueryData(importKeys.values(importId), next);
      setDecided((n) => n + 1);
      // A unit made from a value is a unit like any other: the lists that offer units must know it.
      if (decision.action === 'create') void queryClient.invalidateQueries({ queryKey: queryKeys.units });
    },
  });
  if (list.isError) return <p role="alert">{t('values.loadFailed', { message: list.error.message })}</p>;
  if (!list.data || list.data.total === 0) return null;
  const { values, total } = list.data;
  return (
    <section className="import-values" aria-labelledby={`import-values-${importId}`} data-testid="import-values">
      <h3 id={`import-values-${importId}`}>
        {t('values.heading')} <b>{number(total)}</b>
      </h3>
      <p className="import-hint">{t('values.hint')}</p>
      <div className="import-table-wrap">
        <table className="import-table">
          <thead>
            <tr>
              <th scope="col">{t('values.field')}</th>
              <th scope="col">{t('values.value')}</th>
              <th scope="col">{t('values.rows')}</th>
              <th scope="col">{t('values.meaning')}</th>
              <th scope="col">{t('values.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {values.map((entry) => (
              <ValueLine key={`${entry.field}:${entry.value}`} entry={entry} busy={decide.isPending} onDecide={(d) => decide.mutate(d)} />
            ))}
          </tbody>
        </table>
      </div>
      {total > values.length && <p className="import-hint">{t('values.more', { count: total - values.length })}</p>}
      {decide.isError && <ErrorNotice lead={both('values.failed')} reason={errorInBothLanguages(decide.error)} testId="import-values-error" />}
      {decided > 0 && (
        <p className="import-note" role="status">
          {t('values.saved', { count: decided })}{' '}
          <button type="button" className="import-primary" disabled={previewing} onClick={onPreviewAgain} data-testid="import-preview-again">
            {t('values.previewAgain')}
          </button>
        </p>
      )}
    </section>
  );
}

function ValueLine({ entry, busy, onDecide }: { entry: ValueEntryOutput; busy: boolean; onDecide(decision: ValueDecisionInput): void }) {
  const { t } = useTranslation('import');
  const { number } = useFormat();
  const base = { field: entry.field, value: entry.value };
  const meaning = entry.choice
    ? t('values.chosen', { name: entry.choice.name })
    : entry.suggestion
      ? t(`values.sources.${entry.suggestion.source}`, { name: entry.suggestion.name })
      : t('values.none');
  return (
    <tr data-testid={`import-value-${entry.field}-${entry.value}`} data-decided={entry.choice !== null}>
      <td>{t(`values.fields.${entry.field}`)}</td>
      <th scope="row">{entry.value}</th>
      <td className="import-number">{number(entry.rows)}</td>
      <td className={entry.choice ? undefined : entry.suggestion ? 'import-warning' : 'import-blocking'}>{meaning}</td>
      <td className="import-value-actions">
        {entry.choice ? (
          <button type="button" disabled={busy} onClick={() => onDecide({ ...base, action: 'forget' })}>
            {t('values.forget')}
          </button>
        ) : (
          <>
            {entry.suggestion && (
              <button type="button" disabled={busy} onClick={() => onDecide({ ...base, action: 'accept' })} data-testid="import-value-accept">
                {t('values.accept')}
              </button>
            )}
            <Picker entry={entry} disabled={busy} onPick={(id) => onDecide({ ...base, action: 'pick', id })} />
            {entry.field === 'unit' && (
              <button type="button" disabled={busy} onClick={() => onDecide({ ...base, action: 'create' })} data-testid="import-value-create">
                {t('values.create')}
              </button>
            )}
          </>
        )}
      </td>
    </tr>
  );
}

/** What a value may mean instead: the district's units, the kinds, the statuses, the district's streets. */
function Picker({ entry, disabled, onPick }: { entry: ValueEntryOutput; disabled: boolean; onPick(id: number | string): void }) {
  const { t } = useTranslation('import');
  const bilingual = useBilingual();
  const districtId = entry.district === null ? undefined : Number(entry.district.id);
  const units = useUnits();
  const streets = useAreas('street', districtId, entry.field === 'street' && districtId !== undefined);
  const options: { id: number | string; name: string }[] =
    entry.field === 'unit'
      ? (units.data ?? []).filter((u) => districtId === undefined || u.district_id === districtId).map((u) => ({ id: u.id, name: u.name }))
      : entry.field === 'kind'
        ? KINDS.map((k) => ({ id: k.code, name: bilingual(k.name) }))
        : entry.field === 'status'
          ? STATUSES.map((s) => ({ id: s, name: bilingual(STATUS_LABELS[s]) }))
          : (streets.data?.features ?? []).map((f) => ({ id: f.id, name: f.properties.name }));
  if (options.length === 0) return null;
  return (
    <select
      aria-label={t('values.pick', { value: entry.value })}
      value=""
      disabled={disabled}
      onChange={(event) => {
        const picked = options.find((o) => String(o.id) === event.target.value);
        if (picked) onPick(picked.id);
      }}
      data-testid="import-value-pick"
    >
      <option value="">{t('values.pickPlaceholder')}</option>
      {options.map((o) => (
        <option key={o.id} value={String(o.id)}>
          {o.name}
        </option>
      ))}
    </select>
  );
}
