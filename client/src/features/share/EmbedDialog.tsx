import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findKind } from '../../../../server/src/domain/kinds/index.js';
import { STATUS_LABELS } from '../../../../server/src/domain/status.js';
import { requestJson } from '../../api/http.js';
import type { AreaFeature } from '../../api/types.js';
import { filtersLeftOut, type EmbedParams } from '../../embed/embedParams.js';
import { useBilingual } from '../../i18n/index.js';
import { LANGUAGES, type Language, type ProjectFilters } from '../../state/viewState.js';
import { embedUrl, iframeSnippet, SIZE_PRESETS, type SizePreset } from './snippet.js';

interface EmbedDialogProps {
  /** The app's current filters: the embed carries its area, kinds and statuses. */
  filters: ProjectFilters;
  lang: Language;
  onClose(): void;
}

/** Builds the iframe code for the current view, shows it live, and copies it. */
export function EmbedDialog({ filters, lang: appLang, onClose }: EmbedDialogProps) {
  const { t, i18n } = useTranslation('share');
  const label = useBilingual();
  const dialog = useRef<HTMLDialogElement>(null);
  const code = useRef<HTMLTextAreaElement>(null);
  const ids = useId();
  const [preset, setPreset] = useState<SizePreset>('medium');
  const [lang, setLang] = useState<Language>(appLang);
  // What was copied, so a change of size or language clears the message.
  const [copied, setCopied] = useState<{ html: string; outcome: 'copied' | 'copyFailed' }>();
  const area = useQuery({
    queryKey: ['areas', 'one', filters.area ?? null],
    queryFn: () => requestJson<AreaFeature>(`/api/areas/${filters.area}`),
    enabled: filters.area !== undefined,
    staleTime: Infinity,
  });

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const params: EmbedParams = { area: filters.area, kinds: filters.kinds, statuses: filters.statuses, lang };
  const src = embedUrl(window.location.origin, params);
  const size = SIZE_PRESETS[preset];
  const html = iframeSnippet(src, size, i18n.getFixedT(lang)('app.title'));
  const leftOut = filtersLeftOut(filters).map((name) => t(`leftOutNames.${name}`));
  const areaName = area.data?.properties[i18n.language === 'en' ? 'name_en' : 'name'];

  const copyCode = async () => {
    try {
      await navigator.clipboard.writeText(html);
      setCopied({ html, outcome: 'copied' });
    } catch {
      code.current?.select();
      setCopied({ html, outcome: 'copyFailed' });
    }
  };

  return (
    <dialog ref={dialog} className="embed-dialog" aria-labelledby={`${ids}-heading`} onClose={onClose} data-testid="embed-dialog">
      <header>
        <h2 id={`${ids}-heading`}>{t('heading')}</h2>
        <button type="button" className="close" aria-label={t('close')} onClick={() => dialog.current?.close()}>
          ×
        </button>
      </header>
      <p className="intro">{t('intro')}</p>
      <dl className="shows" aria-label={t('shows')}>
        <dt>{t('area')}</dt>
        <dd data-testid="embed-shows-area">{filters.area === undefined ? t('allAreas') : (areaName ?? '…')}</dd>
        <dt>{t('kinds')}</dt>
        <dd>{filters.kinds.length === 0 ? t('allKinds') : filters.kinds.map((k) => label(findKind(k)!.name)).join('、')}</dd>
        <dt>{t('statuses')}</dt>
        <dd>{filters.statuses.length === 0 ? t('allStatuses') : filters.statuses.map((s) => label(STATUS_LABELS[s])).join('、')}</dd>
      </dl>
      {filters.area === undefined && <p className="hint">{t('noAreaHint')}</p>}
      {leftOut.length > 0 && <p className="hint">{t('leftOut', { filters: leftOut.join(i18n.language === 'en' ? ', ' : '、') })}</p>}
      <fieldset>
        <legend>{t('size')}</legend>
        {(Object.keys(SIZE_PRESETS) as SizePreset[]).map((p) => (
          <label key={p} className="chip">
            <input type="radio" name={`${ids}-size`} value={p} checked={preset === p} onChange={() => setPreset(p)} data-testid={`embed-size-${p}`} />
            {t(`sizes.${p}`)} <small>{`${SIZE_PRESETS[p].width} × ${SIZE_PRESETS[p].height}`}</small>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('language')}</legend>
        {LANGUAGES.map((l) => (
          <label key={l} className="chip">
            <input type="radio" name={`${ids}-lang`} value={l} checked={lang === l} onChange={() => setLang(l)} data-testid={`embed-lang-${l}`} />
            {t(`languages.${l}`)}
          </label>
        ))}
      </fieldset>
      <label className="code">
        <span>{t('code')}</span>
        <textarea ref={code} readOnly value={html} rows={3} onFocus={(e) => e.currentTarget.select()} data-testid="embed-code" />
      </label>
      <div className="copy-row">
        <button type="button" className="primary" onClick={() => void copyCode()} data-testid="embed-copy">
          {t('copy')}
        </button>
        <span role="status">{copied?.html === html && t(copied.outcome)}</span>
      </div>
      <h3>{t('preview')}</h3>
      <div className="preview">
        <iframe key={src} src={src} width={size.width} height={size.height} title={t('preview')} data-testid="embed-preview" />
      </div>
    </dialog>
  );
}
