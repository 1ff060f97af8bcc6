import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportState, SheetOutlineOutput } from '../../../../server/src/domain/ledgerImport.js';
import { LEDGER_FIELDS, type LedgerField } from '../../../../server/src/domain/ledgerFields.js';
import { useLedgers } from './api.js';
import type { BothLanguages } from './bothLanguages.js';
import { ErrorNotice, useBothLanguages } from './ErrorNotice.js';
import { useFieldLabel } from './fieldLabel.js';
import { ImportProgress } from './ImportProgress.js';
import { withLedgerName, withSheet, type ImportDraft } from './importDraft.js';
import { fileSize } from './ledgerFile.js';
import { blocksPreview, checkMapping, type MappingCheck } from './mappingCheck.js';

interface Props {
  state: ImportState;
  draft: ImportDraft;
  onChange(draft: ImportDraft): void;
  onPreview(): void;
  /** The preview is being asked for, or the server is analysing: the choices wait. */
  working: boolean;
  /** Why the last preview failed. */
  failure: BothLanguages | undefined;
}

/**
 * Step 2: which ledger this is, which sheet, what each column holds and in
 * which coordinate system. The server has guessed (or remembered) the fields;
 * the planner confirms them. Nothing is written by previewing.
 */
export function MappingStep({ state, draft, onChange, onPreview, working, failure }: Props) {
  const { t } = useTranslation('import');
  const both = useBothLanguages();
  const ids = useId();
  const ledgers = useLedgers();
  const sheet = state.sheets.find((s) => s.name === draft.sheet);
  const headers = sheet?.columns.map((c) => c.header) ?? [];
  const check = checkMapping(draft.mapping);
  const noHeader = !sheet || sheet.header_row === null;
  const known = (ledgers.data ?? []).find((l) => l.name === draft.ledger_name.trim());
  const isKnown = known !== undefined || (state.ledger.known && draft.ledger_name.trim() === state.ledger.name);
  const ready = !noHeader && !blocksPreview(check) && draft.ledger_name.trim() !== '';

  const setField = (index: number, field: LedgerField | null) => onChange({ ...draft, mapping: draft.mapping.map((f, i) => (i === index ? field : f)) });

  return (
    <form
      className="import-step import-mapping"
      onSubmit={(event) => {
        event.preventDefault();
        if (ready && !working) onPreview();
      }}
      data-testid="import-mapping"
    >
      <p className="import-file-line">
        {t('mapping.file')}: <strong>{state.file_name}</strong> ({fileSize(state.byte_size)})
      </p>
      <fieldset className="import-choices" disabled={working}>
        <div className="import-field">
          <label htmlFor={`${ids}-ledger`}>
            {t('mapping.ledgerName')}{' '}
            <span className="import-tag" data-known={isKnown} data-testid="import-ledger-known">
              {isKnown ? t('mapping.known') : t('mapping.new')}
            </span>
          </label>
          <input
            id={`${ids}-ledger`}
            list={`${ids}-ledgers`}
            value={draft.ledger_name}
            maxLength={200}
            required
            onChange={(event) => onChange(withLedgerName(draft, event.target.value, headers, ledgers.data ?? []))}
            aria-describedby={`${ids}-ledger-hint`}
            data-testid="import-ledger-name"
          />
          <datalist id={`${ids}-ledgers`}>
            {ledgers.data?.map((l) => <option key={l.id} value={l.name} />)}
          </datalist>
          <p id={`${ids}-ledger-hint`} className="import-hint">
            {isKnown ? t('mapping.knownHint') : t('mapping.ledgerNameHint')}
          </p>
        </div>
        {state.sheets.length > 1 && (
          <div className="import-field">
            <label htmlFor={`${ids}-sheet`}>{t('mapping.sheet')}</label>
            <select id={`${ids}-sheet`} value={draft.sheet} onChange={(event) => onChange(withSheet(draft, state.sheets.find((s) => s.name === event.target.value)))} data-testid="import-sheet">
              {state.sheets.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <fieldset className="import-crs">
          <legend>{t('mapping.crs')}</legend>
          {(['wgs84', 'gcj02'] as const).map((crs) => (
            <label key={crs}>
              <input type="radio" name={`${ids}-crs`} value={crs} checked={draft.crs === crs} onChange={() => onChange({ ...draft, crs })} />
              {t(`mapping.crsOptions.${crs}`)}
            </label>
          ))}
          <p className="import-hint">{t('mapping.crsHint')}</p>
        </fieldset>
      </fieldset>
      {noHeader ? (
        <p className="import-blocking" role="alert">
          {t('mapping.noHeader')}
        </p>
      ) : (
        <ColumnTable sheet={sheet} mapping={draft.mapping} onField={setField} disabled={working} />
      )}
      {!noHeader && <MappingProblems check={check} />}
      {failure && <ErrorNotice lead={both('mapping.failed')} reason={failure} testId="import-preview-error" />}
      {state.state === 'analysing' && <ImportProgress state={state} work="analysing" />}
      <div className="import-actions">
        <p className="import-hint">{t('mapping.nothingWritten')}</p>
        <button type="submit" className="import-primary" disabled={!ready || working} data-testid="import-preview">
          {t('mapping.preview')}
        </button>
      </div>
    </form>
  );
}

/** One line per column of the sheet: its letter, header, a few values, and the field it fills. */
function ColumnTable({ sheet, mapping, onField, disabled }: { sheet: SheetOutlineOutput; mapping: ImportDraft['mapping']; onField(position: number, field: LedgerField | null): void; disabled: boolean }) {
  const { t } = useTranslation('import');
  const fieldLabel = useFieldLabel();
  return (
    <div className="import-table-wrap">
      <table className="import-table import-columns" data-testid="import-columns">
        <caption>
          {t('mapping.columns')} · {t('mapping.headerRow', { row: (sheet.header_row ?? 0) + 1, count: sheet.data_rows })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('mapping.column')}</th>
            <th scope="col">{t('mapping.header')}</th>
            <th scope="col">{t('mapping.samples')}</th>
            <th scope="col">{t('mapping.field')}</th>
          </tr>
        </thead>
        <tbody>
          {sheet.columns.map((column, position) => {
            // The mapping follows the columns' order, as the server lists them.
            const field = mapping[position] ?? null;
            return (
              <tr key={column.index} data-mapped={field !== null} data-testid={`import-column-${column.letter}`}>
                <td className="import-letter">{column.letter}</td>
                <th scope="row">{column.header}</th>
                <td className="import-samples">
                  {column.samples.map((sample, i) => (
                    <span key={i}>{sample}</span>
                  ))}
                </td>
                <td>
                  <select
                    value={field ?? ''}
                    disabled={disabled}
                    aria-label={t('mapping.fieldLabel', { letter: column.letter, header: column.header })}
                    onChange={(event) => onField(position, (event.target.value || null) as LedgerField | null)}
                  >
                    <option value="">{t('mapping.ignore')}</option>
                    {LEDGER_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {fieldLabel(f)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What stops the preview (a required field, the place) and what only warns (no ledger key). */
function MappingProblems({ check }: { check: MappingCheck }) {
  const { t } = useTranslation('import');
  const fieldLabel = useFieldLabel();
  const blocking = [
    ...check.missing.map((field) => t('mapping.problems.missing', { field: fieldLabel(field) })),
    ...(check.noPlace ? [t('mapping.problems.noPlace')] : []),
    ...(check.halfCoordinates ? [t('mapping.problems.halfCoordinates')] : []),
    ...check.repeated.map((field) => t('mapping.problems.repeated', { field: fieldLabel(field) })),
  ];
  if (blocking.length === 0 && !check.noKey) return null;
  return (
    <ul className="import-problems" data-testid="import-mapping-problems">
      {blocking.map((text) => (
        <li key={text} className="import-blocking">
          {text}
        </li>
      ))}
      {check.noKey && <li className="import-warning">{t('mapping.problems.noKey')}</li>}
    </ul>
  );
}
