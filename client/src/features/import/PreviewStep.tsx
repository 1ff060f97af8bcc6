import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findKind } from '../../../../server/src/domain/kinds/index.js';
import { ROW_OUTCOMES, type ImportState, type OutcomeCountsOutput, type PreviewRowOutput, type RowOutcome, type RowProblemOutput } from '../../../../server/src/domain/ledgerImport.js';
import { useBilingual, useFormat } from '../../i18n/index.js';
import { rejectedRowsUrl, usePreviewRows } from './api.js';
import type { BothLanguages } from './bothLanguages.js';
import { ErrorNotice, useBothLanguages } from './ErrorNotice.js';
import { ValuesPanel } from './ValuesPanel.js';
import { isLedgerField, useFieldLabel } from './fieldLabel.js';
import { rowsToWrite, valueText } from './outcomeCounts.js';

/** Rows per page of the preview table: a screenful, and quick to fetch. */
const PAGE_SIZE = 50;

/** Outcomes whose reason is not in the row's own problems: said beside each such row. */
const EXPLAINED_OUTCOMES = new Set<RowOutcome>(['conflict', 'unplaced']);

interface Props {
  state: ImportState & { counts: OutcomeCountsOutput };
  onBack(): void;
  onCommit(): void;
  committing: boolean;
  commitFailure: BothLanguages | undefined;
  /** Preview again with the same mapping: the planner's decisions on values apply. */
  onPreviewAgain(): void;
  previewing: boolean;
}

/** A filter of the rows: one outcome, or the rows written with a warning. */
type RowFilter = RowOutcome | 'warned' | undefined;

/**
 * Step 3: what each row would do, before anything is written. The counts are
 * filters; the table says, row by row as Excel numbers them, what is wrong
 * and what would change, so the clerk can fix the ledger and try again.
 */
export function PreviewStep({ state, onBack, onCommit, committing, commitFailure, onPreviewAgain, previewing }: Props) {
  const { t } = useTranslation('import');
  const both = useBothLanguages();
  const { number } = useFormat();
  const [outcome, setOutcome] = useState<RowFilter>();
  const [offset, setOffset] = useState(0);
  const counts = state.counts;
  const total = ROW_OUTCOMES.reduce((sum, o) => sum + counts[o], 0);
  const toWrite = rowsToWrite(counts);

  const show = (chosen: RowFilter) => {
    setOutcome(chosen);
    setOffset(0);
  };

  return (
    <div className="import-step import-preview" data-testid="import-preview-step">
      <p className="import-note" role="note">
        {t('preview.notWritten')}
      </p>
      <div role="group" aria-label={t('preview.filter')} className="import-chips">
        <button type="button" aria-pressed={outcome === undefined} onClick={() => show(undefined)} data-testid="import-chip-all">
          {t('preview.all')} <b>{number(total)}</b>
        </button>
        {ROW_OUTCOMES.map((o) => (
          <button
            key={o}
            type="button"
            aria-pressed={outcome === o}
            className="import-chip"
            data-outcome={o}
            title={t(`outcomeHints.${o}`)}
            onClick={() => show(o)}
            data-testid={`import-chip-${o}`}
          >
            {t(`outcomes.${o}`)} <b>{number(counts[o])}</b>
          </button>
        ))}
        {/* Counted apart from the rejected rows: these are written, and the planner reads what was assumed. */}
        <button type="button" aria-pressed={outcome === 'warned'} className="import-chip" data-outcome="warned" title={t('outcomeHints.warned')} onClick={() => show('warned')} data-testid="import-chip-warned">
          {t('outcomes.warned')} <b>{number(state.warned ?? 0)}</b>
        </button>
      </div>
      <ValuesPanel importId={state.id} onPreviewAgain={onPreviewAgain} previewing={previewing} />
      {outcome && <p className="import-hint">{t(`outcomeHints.${outcome}`)}</p>}
      <RowsTable importId={state.id} outcome={outcome} offset={offset} onOffset={setOffset} />
      <p className="import-hint">{toWrite > 0 ? t('preview.willWrite', counts) : t('preview.nothingToWrite')}</p>
      {commitFailure && <ErrorNotice lead={both('preview.commitFailed')} reason={commitFailure} testId="import-commit-error" />}
      <div className="import-actions">
        <button type="button" onClick={onBack} disabled={committing} data-testid="import-back">
          {t('preview.back')}
        </button>
        {counts.rejected > 0 && (
          <a className="import-link-button" href={rejectedRowsUrl(state.id)} download data-testid="import-download-rejected">
            {t('preview.downloadRejected')} ({number(counts.rejected)})
          </a>
        )}
        <button type="button" className="import-primary" disabled={toWrite === 0 || committing} onClick={onCommit} data-testid="import-confirm">
          {committing ? t('preview.committing') : t('preview.confirm', { count: toWrite })}
        </button>
      </div>
    </div>
  );
}

function RowsTable({ importId, outcome, offset, onOffset }: { importId: number; outcome: RowFilter; offset: number; onOffset(offset: number): void }) {
  const { t } = useTranslation('import');
  const rows = usePreviewRows(importId, outcome === 'warned' ? { warned: true, offset, limit: PAGE_SIZE } : { outcome, offset, limit: PAGE_SIZE });
  if (rows.isError) return <p role="alert">{t('preview.loadFailed', { message: rows.error.message })}</p>;
  if (!rows.data) return <p className="import-hint">{t('preview.loading')}</p>;
  const { total } = rows.data;
  const last = Math.min(offset + PAGE_SIZE, total);
  return (
    <>
      <div className="import-table-wrap" aria-busy={rows.isFetching}>
        <table className="import-table import-rows" data-testid="import-rows">
          <caption>{t('preview.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('preview.rowNumber')}</th>
              <th scope="col">{t('preview.key')}</th>
              <th scope="col">{t('preview.title')}</th>
              <th scope="col">{t('preview.outcome')}</th>
              <th scope="col">{t('preview.details')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.data.rows.map((row) => (
              <PreviewRowLine key={row.row_number} row={row} />
            ))}
          </tbody>
        </table>
        {total === 0 && <p className="import-hint">{t('preview.noRows')}</p>}
      </div>
      {total > PAGE_SIZE && (
        <nav className="import-pager" aria-label={t('preview.caption')}>
          <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t('preview.previous')}
          </button>
          <span>{t('preview.page', { from: offset + 1, to: last, total })}</span>
          <button type="button" disabled={last >= total} onClick={() => onOffset(offset + PAGE_SIZE)}>
            {t('preview.next')}
          </button>
        </nav>
      )}
    </>
  );
}

function PreviewRowLine({ row }: { row: PreviewRowOutput }) {
  const { t, i18n } = useTranslation('import');
  const bilingual = useBilingual();
  const fieldLabel = useFieldLabel();
  const kind = row.kind === null ? undefined : findKind(row.kind);
  const reason = (p: RowProblemOutput) => (i18n.language === 'en' ? p.reason : p.reason_zh);
  const problemText = (p: RowProblemOutput) =>
    p.column === null ? t('preview.rowProblem', { reason: reason(p) }) : t('preview.problem', { column: p.column, header: p.header ?? '', reason: reason(p) });
  return (
    <tr data-outcome={row.outcome} data-testid={`import-row-${row.row_number}`}>
      <td className="import-number">{row.row_number}</td>
      <td>{row.row_key}</td>
      <th scope="row">
        {row.title}
        {(kind || row.kind) && <small>{kind ? bilingual(kind.name) : row.kind}</small>}
        {row.address && <small>{row.address}</small>}
      </th>
      <td>
        <span className="import-badge" data-outcome={row.outcome}>
          {t(`outcomes.${row.outcome}`)}
        </span>
      </td>
      <td>
        <ul className="import-details">
          {row.problems.map((p, i) => (
            <li key={`p${i}`} className="import-blocking">
              {problemText(p)}
            </li>
          ))}
          {row.warnings.map((p, i) => (
            <li key={`w${i}`} className="import-warning">
              {problemText(p)}
            </li>
          ))}
          {EXPLAINED_OUTCOMES.has(row.outcome) && <li className="import-muted">{t(`outcomeHints.${row.outcome}`)}</li>}
          {Object.entries(row.changes ?? {}).map(([field, [from, to]]) => (
            <li key={field} className="import-change">
              {t('preview.change', { field: isLedgerField(field) ? fieldLabel(field) : field, from: valueText(from, t('preview.blank')), to: valueText(to, t('preview.blank')) })}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}
