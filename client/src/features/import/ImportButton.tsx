import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Only planners import ledgers: the importer loads when first opened. */
const ImportPage = lazy(() => import('./ImportPage.js').then((m) => ({ default: m.ImportPage })));

/** "导入台账" in the header; the App shows it to users who may import. */
export function ImportButton({ onPlaceUnplaced }: { onPlaceUnplaced(): void }) {
  const { t } = useTranslation('import');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={() => setOpen(true)} data-testid="open-import">
        {t('open')}
      </button>
      {open && (
        <Suspense fallback={null}>
          <ImportPage onClose={() => setOpen(false)} onPlaceUnplaced={onPlaceUnplaced} />
        </Suspense>
      )}
    </>
  );
}
