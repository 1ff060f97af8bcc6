import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ImportState } from '../../../../server/src/domain/ledgerImport.js';
import { invalidateProjectViews } from '../../api/queries.js';
import { commitImport, importKeys, requestPreview, useImport } from './api.js';
import { errorInBothLanguages } from './bothLanguages.js';
import { DropZone } from './DropZone.js';
import { initialDraft, type ImportDraft } from './importDraft.js';
import { MappingStep } from './MappingStep.js';
import { PreviewStep } from './PreviewStep.js';
import { ResultStep } from './ResultStep.js';
import './import.css';

const STEPS = ['file', 'mapping', 'preview', 'result'] as const;
type Step = (typeof STEPS)[number];

/** What the planner last asked for; whether the server has finished it is the import's own state. */
type Asked = 'mapping' | 'preview' | 'commit';

interface Props {
  onClose(): void;
  /** After the commit: go to the rows that had an address but no coordinates. */
  onPlaceUnplaced(): void;
}

/**
 * The ledger importer, for planners: a modal page over the map that walks
 * from the file to the mapping, the preview and the commit. Analysing and
 * committing run on the server; the page follows them by polling the import.
 */
export function ImportPage({ onClose, onPlaceUnplaced }: Props) {
  const { t } = useTranslation('import');
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const queryClient = useQueryClient();
  const [importId, setImportId] = useState<number>();
  const [asked, setAsked] = useState<Asked>('mapping');
  const [draft, setDraft] = useState<ImportDraft>();
  const state = useImport(importId).data;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const follow = (next: ImportState) => queryClient.setQueryData(importKeys.one(next.id), next);
  const preview = useMutation({
    mutationFn: (options: ImportDraft) => requestPreview(importId!, options),
    onSuccess: (next) => {
      // A new preview: the rows of the last one must not show while it runs.
      queryClient.removeQueries({ queryKey: ['imports', 'rows', next.id] });
      follow(next);
      setAsked('preview');
    },
  });
  const commit = useMutation({
    mutationFn: () => commitImport(importId!),
    onSuccess: (next) => {
      follow(next);
      setAsked('commit');
    },
  });

  // Once written, whatever shows projects is out of date: the map and the list, coverage, the dashboard, the rows to place, the ledgers.
  const committed = state?.state === 'committed';
  useEffect(() => {
    if (!committed) return;
    invalidateProjectViews(queryClient);
    void queryClient.invalidateQueries({ queryKey: importKeys.unplaced });
    void queryClient.invalidateQueries({ queryKey: importKeys.ledgers });
  }, [committed, queryClient]);

  const startOver = () => {
    setImportId(undefined);
    setDraft(undefined);
    setAsked('mapping');
    preview.reset();
    commit.reset();
  };
  const backToMapping = () => {
    setAsked('mapping');
    commit.reset();
  };

  const step: Step = !state ? 'file' : asked === 'commit' ? 'result' : asked === 'preview' && state.state === 'previewed' && state.counts ? 'preview' : 'mapping';
  const previewFailure = preview.isError
    ? errorInBothLanguages(preview.error)
    : asked === 'preview' && state?.state === 'failed'
      ? errorInBothLanguages(state.error ?? '')
      : undefined;

  // Into the body, not the header that opened it: the header's colours and button styles are not the dialog's.
  return createPortal(
    <dialog
      ref={dialog}
      className="import-dialog"
      aria-labelledby={`${ids}-heading`}
      onClose={onClose}
      // A file dropped beside the drop zone must not make the browser leave the app to show it.
      onDragOver={(event) => event.preventDefault()}
      onDrop={(event) => event.preventDefault()}
      data-testid="import-page"
      data-step={step}
    >
      <header>
        <h2 id={`${ids}-heading`}>{t('heading')}</h2>
        <ol className="import-stepper" aria-label={t('steps.label')}>
          {STEPS.map((name, i) => (
            <li key={name} aria-current={name === step ? 'step' : undefined} data-done={STEPS.indexOf(step) > i}>
              <span className="import-step-number">{i + 1}</span> {t(`steps.${name}`)}
            </li>
          ))}
        </ol>
        <button type="button" className="close" aria-label={t('close')} onClick={() => dialog.current?.close()}>
          ×
        </button>
      </header>
      <div className="import-body">
        {!state ? (
          <DropZone
            onUploaded={(uploaded) => {
              follow(uploaded);
              setDraft(initialDraft(uploaded));
              setImportId(uploaded.id);
            }}
          />
        ) : step === 'result' ? (
          <ResultStep
            state={state}
            onShowOnMap={() => dialog.current?.close()}
            onPlaceUnplaced={() => {
              onPlaceUnplaced();
              dialog.current?.close();
            }}
            onAnother={startOver}
            onBackToMapping={backToMapping}
          />
        ) : step === 'preview' && state.counts ? (
          <PreviewStep
            state={{ ...state, counts: state.counts }}
            onBack={() => setAsked('mapping')}
            onCommit={() => commit.mutate()}
            committing={commit.isPending}
            commitFailure={commit.isError ? errorInBothLanguages(commit.error) : undefined}
            onPreviewAgain={() => preview.mutate(draft ?? initialDraft(state))}
            previewing={preview.isPending}
          />
        ) : (
          <MappingStep
            state={state}
            draft={draft ?? initialDraft(state)}
            onChange={setDraft}
            onPreview={() => preview.mutate(draft ?? initialDraft(state))}
            working={preview.isPending || state.state === 'analysing'}
            failure={previewFailure}
          />
        )}
      </div>
    </dialog>,
    document.body,
  );
}
