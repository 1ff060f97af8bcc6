import { useMutation } from '@tanstack/react-query';
import { useId, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportState } from '../../../../server/src/domain/ledgerImport.js';
import { uploadLedger } from './api.js';
import { errorInBothLanguages, type BothLanguages } from './bothLanguages.js';
import { ErrorNotice, useBothLanguages } from './ErrorNotice.js';
import { fileSize, LEDGER_ACCEPT, ledgerFileProblem, MAX_LEDGER_MB } from './ledgerFile.js';

/**
 * Step 1: the ledger file, dropped on the zone or chosen with the picker.
 * The server reads it at once (sheets, header row, guessed columns), so the
 * upload answers with everything the mapping step needs.
 */
export function DropZone({ onUploaded }: { onUploaded(state: ImportState): void }) {
  const { t } = useTranslation('import');
  const both = useBothLanguages();
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const [file, setFile] = useState<File>();
  const [problem, setProblem] = useState<BothLanguages>();
  const upload = useMutation({ mutationFn: uploadLedger, onSuccess: onUploaded });

  const take = (chosen: File | undefined) => {
    if (!chosen || upload.isPending) return;
    setFile(chosen);
    upload.reset();
    const found = ledgerFileProblem(chosen);
    setProblem(found ? both(`drop.problems.${found}`, { name: chosen.name, size: fileSize(chosen.size), limit: MAX_LEDGER_MB }) : undefined);
    if (!found) upload.mutate(chosen);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files[0]);
  };

  return (
    <div
      className="import-drop"
      data-dragging={dragging}
      aria-busy={upload.isPending}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="import-drop"
    >
      <p className="import-drop-prompt">{t('drop.prompt')}</p>
      <p className="import-drop-or">{t('drop.or')}</p>
      <label htmlFor={inputId} className="import-primary import-choose" data-disabled={upload.isPending}>
        {t('drop.choose')}
      </label>
      <input
        id={inputId}
        className="import-file-input"
        type="file"
        accept={LEDGER_ACCEPT}
        disabled={upload.isPending}
        // The same file chosen again after a refusal must still fire a change.
        onClick={(event) => (event.currentTarget.value = '')}
        onChange={(event) => take(event.currentTarget.files?.[0])}
        data-testid="import-file"
      />
      <p className="import-hint">{t('drop.hint', { limit: MAX_LEDGER_MB })}</p>
      {upload.isPending && file && (
        <p role="status" className="import-status">
          {t('drop.uploading', { name: file.name, size: fileSize(file.size) })}
        </p>
      )}
      {problem && <ErrorNotice reason={problem} testId="import-drop-error" />}
      {upload.isError && <ErrorNotice reason={errorInBothLanguages(upload.error)} testId="import-drop-error" />}
    </div>
  );
}
