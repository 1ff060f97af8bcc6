import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, ProjectFilters } from '../../state/viewState.js';
import { EmbedDialog } from './EmbedDialog.js';
import './share.css';

/** "嵌入代码 / Embed" in the header, for everyone: the map a news page may show is the public one. */
export function ShareButton({ filters, lang }: { filters: ProjectFilters; lang: Language }) {
  const { t } = useTranslation('share');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={() => setOpen(true)} data-testid="open-embed">
        {t('open')}
      </button>
      {open && <EmbedDialog filters={filters} lang={lang} onClose={() => setOpen(false)} />}
    </>
  );
}
