import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../api/errorText.js';
import { queryKeys } from '../../api/queries.js';
import { useBilingual } from '../../i18n/index.js';
import { adminKeys, commitList, previewList, uploadList, type ListCommit, type ListKind, type ListMapping, type ListPreview, type ListUpload } from './api.js';

const KINDS: readonly ListKind[] = ['units', 'staff', 'compounds'];

type Step = { at: 'choose' } | { at: 'columns'; upload: ListUpload } | { at: 'preview'; upload: ListUpload; preview: ListPreview } | { at: 'done'; result: ListCommit };

/** The mapping the columns step starts from: each column's guessed field. */
const guessedMapping = (upload: ListUpload): Record<string, number> =>
  Object.fromEntries(upload.columns.filter((c) => c.field !== null).map((c) => [c.field!, c.index]));

/** The initial passwords as a CSV Excel opens in Chinese (UTF-8 with a BOM). */
function downloadPasswords(result: ListCommit, headers: [string, string, string]): void {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [headers, ...result.initial_passwords.map((p) => [p.username, p.display_name, p.password])].map((r) => r.map(quote).join(','));
  const url = URL.createObjectURL(new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `initial-passwords-${result.id}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * 从名单导入: a units list, a staff list or a compounds list, as the district
 * keeps it. Choose the file → confirm the columns → preview each row's outcome
 * → commit → the result (for staff, the initial passwords, shown this once).
 */
export function ListImport() {
  const { t } = useTranslation('admin');
  const bilingual = useBilingual();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const ids = useId();
  const [kind, setKind] = useState<ListKind>('units');
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ at: 'choose' });
  const [mapping, setMapping] = useState<Record<string, number>>({});
  const [crs, setCrs] = useState<'wgs84' | 'gcj02'>('wgs84');
  const [onlyRejected, setOnlyRejected] = useState(false);

  const body = (): ListMapping => ({ mapping, ...(kind === 'compounds' ? { crs } : {}) });
  const upload = useMutation({
    mutationFn: () => uploadList(kind, file!),
    onSuccess: (u) => {
      setMapping(guessedMapping(u));
      setStep({ at: 'columns', upload: u });
    },
  });
  const preview = useMutation({
    mutationFn: (u: ListUpload) => previewList(u.id, body()),
    onSuccess: (p, u) => setStep({ at: 'preview', upload: u, preview: p }),
  });
  const commit = useMutation({
    mutationFn: (u: ListUpload) => commitList(u.id, body()),
    onSuccess: (result) => {
      setStep({ at: 'done', result });
      void queryClient.invalidateQueries({ queryKey: queryKeys.units });
      void queryClient.invalidateQueries({ queryKey: adminKeys.users });
      // Coverage counts the households of compounds.
      if (result.kind === 'compounds') void queryClient.invalidateQueries({ queryKey: queryKeys.coverage });
    },
  });
  const failure = [upload, preview, commit].find((m) => m.isError)?.error;
  const restart = () => {
    setStep({ at: 'choose' });
    setFile(null);
    [upload, preview, commit].forEach((m) => m.reset());
  };

  return (
    <section className="admin-section list-import" data-testid="list-import">
      <p className="admin-hint">{t('lists.intro')}</p>
      {failure !== undefined && (
        <p role="alert" className="editor-error">
          {errorText(failure)}
        </p>
      )}

      {step.at === 'choose' && (
        <form
          className="admin-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (file) upload.mutate();
          }}
        >
          <fieldset className="list-kinds">
            <legend>{t('lists.kind')}</legend>
            {KINDS.map((k) => (
              <label key={k}>
                <input type="radio" name={`${ids}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`list-kind-${k}`} />
                {t(`lists.kinds.${k}`)}
                <span className="admin-hint"> {t(`lists.expects.${k}`)}</span>
              </label>
            ))}
          </fieldset>
          <label>
            {t('lists.file')}{' '}
            <input type="file" accept=".xlsx,.csv,.txt" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="list-file" />
          </label>
          <p>
            <button type="submit" className="admin-add" disabled={!file || upload.isPending} data-testid="list-upload">
              {upload.isPending ? t('lists.reading') : t('lists.upload')}
            </button>
          </p>
        </form>
      )}

      {step.at === 'columns' && (
        <div className="admin-form" data-testid="list-columns">
          <h3>{t('lists.columnsHeading', { file: step.upload.file_name, sheet: step.upload.sheet, rows: step.upload.data_rows })}</h3>
          <div className="admin-table-wrap">
            <table className="admin-table">
              <thead>
                <tr>
                  <th>{t('lists.column')}</th>
                  <th>{t('lists.header')}</th>
                  <th>{t('lists.samples')}</th>
                  <th>{t('lists.field')}</th>
                </tr>
              </thead>
              <tbody>
                {step.upload.columns.map((c) => {
                  const current = Object.entries(mapping).find(([, index]) => index === c.index)?.[0] ?? '';
                  return (
                    <tr key={c.index}>
                      <td>{c.letter}</td>
                      <td>{c.header}</td>
                      <td className="admin-hint">{c.samples.join(' · ')}</td>
                      <td>
                        <select
                          value={current}
                          aria-label={t('lists.fieldOf', { column: c.letter })}
                          data-testid={`list-field-${c.letter}`}
                          onChange={(e) => {
                            const next = Object.fromEntries(Object.entries(mapping).filter(([f, index]) => index !== c.index && f !== e.target.value));
                            if (e.target.value) next[e.target.value] = c.index;
                            setMapping(next);
                          }}
                        >
                          <option value="">{t('lists.skip')}</option>
                          {step.upload.fields.map((f) => (
                            <option key={f.field} value={f.field}>
                              {bilingual(f)}
                              {f.required ? ' *' : ''}
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
          {kind === 'compounds' && (
            <label>
              {t('lists.crs')}{' '}
              <select value={crs} onChange={(e) => setCrs(e.target.value as 'wgs84' | 'gcj02')} data-testid="list-crs">
                <option value="wgs84">{t('lists.wgs84')}</option>
                <option value="gcj02">{t('lists.gcj02')}</option>
              </select>
            </label>
          )}
          <p className="list-actions">
            <button type="button" className="admin-add" onClick={() => preview.mutate(step.upload)} disabled={preview.isPending} data-testid="list-preview">
              {preview.isPending ? t('lists.previewing') : t('lists.preview')}
            </button>
            <button type="button" onClick={restart}>
              {t('cancel')}
            </button>
          </p>
        </div>
      )}

      {step.at === 'preview' && (
        <div className="admin-form" data-testid="list-preview-table">
          <h3>{t('lists.previewHeading')}</h3>
          <p role="status" data-testid="list-counts">
            {t('lists.counts', step.preview.counts)}
          </p>
          <label>
            <input type="checkbox" checked={onlyRejected} onChange={(e) => setOnlyRejected(e.target.checked)} data-testid="list-only-rejected" /> {t('lists.onlyRejected')}
          </label>
          <ListRows rows={onlyRejected ? step.preview.rows.filter((r) => r.outcome === 'rejected') : step.preview.rows} />
          <p className="list-actions">
            <button
              type="button"
              className="admin-add"
              onClick={() => commit.mutate(step.upload)}
              disabled={commit.isPending || step.preview.counts.create + step.preview.counts.update === 0}
              data-testid="list-commit"
            >
              {commit.isPending ? t('saving') : t('lists.commit', { count: step.preview.counts.create + step.preview.counts.update })}
            </button>
            <button type="button" onClick={() => setStep({ at: 'columns', upload: step.upload })}>
              {t('lists.back')}
            </button>
          </p>
        </div>
      )}

      {step.at === 'done' && (
        <div className="admin-form" data-testid="list-result">
          <h3>{t('lists.doneHeading')}</h3>
          <p className="admin-message" role="status" data-testid="list-done">
            {t('lists.done', step.result.counts)}
          </p>
          {step.result.initial_passwords.length > 0 && (
            <>
              <p role="alert">{t('lists.passwordsOnce')}</p>
              <div className="admin-table-wrap">
                <table className="admin-table" data-testid="list-passwords">
                  <thead>
                    <tr>
                      <th>{t('users.username')}</th>
                      <th>{t('users.display_name')}</th>
                      <th>{t('users.password')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {step.result.initial_passwords.map((p) => (
                      <tr key={p.username}>
                        <td>{p.username}</td>
                        <td>{p.display_name}</td>
                        <td>
                          <code>{p.password}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <button type="button" onClick={() => downloadPasswords(step.result, [t('users.username'), t('users.display_name'), t('users.password')])} data-testid="list-passwords-csv">
                {t('lists.downloadPasswords')}
              </button>
            </>
          )}
          <ListRows rows={step.result.rows.filter((r) => r.outcome === 'rejected')} />
          <button type="button" className="admin-add" onClick={restart}>
            {t('lists.another')}
          </button>
        </div>
      )}
    </section>
  );
}

function ListRows({ rows }: { rows: ListPreview['rows'] }) {
  const { t } = useTranslation('admin');
  const bilingual = useBilingual();
  if (rows.length === 0) return null;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('lists.row')}</th>
            <th>{t('lists.name')}</th>
            <th>{t('lists.values')}</th>
            <th>{t('lists.outcome')}</th>
            <th>{t('lists.details')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.row_number} data-outcome={r.outcome} data-row={r.row_number}>
              <td>{r.row_number}</td>
              <td>{r.label}</td>
              <td className="admin-hint">{Object.values(r.values).filter((v) => v !== null && v !== r.label).join(' · ')}</td>
              <td className={`list-outcome list-outcome-${r.outcome}`}>{t(`lists.outcomes.${r.outcome}`)}</td>
              <td>{[...r.problems, ...r.notes].map((p) => bilingual(p)).join(';')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
