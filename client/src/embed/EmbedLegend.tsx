import { useTranslation } from 'react-i18next';
import { KINDS, type KindCode } from '../../../server/src/domain/kinds/index.js';
import { KindSwatch } from '../features/legend/KindSwatch.js';
import type { ProjectCounts } from '../features/legend/projectCounts.js';
import { useBilingual, useFormat } from '../i18n/index.js';

interface EmbedLegendProps {
  /** Of the projects loaded, or as the server counted them when there are too many; undefined while loading. */
  counts: ProjectCounts | undefined;
  /** The kinds asked for; none means every kind. */
  kinds: KindCode[];
  areaName: string | undefined;
  /** The full app at the embed's current view. */
  appHref: string;
}

/** One small box: the link to the full map, what the map shows and how many, and what each colour means. */
export function EmbedLegend({ counts, kinds, areaName, appHref }: EmbedLegendProps) {
  const { t } = useTranslation(['embed', 'translation']);
  const label = useBilingual();
  const format = useFormat();
  const countOf = (code: string) => counts?.byKind.get(code) ?? 0;
  // The kinds asked for, or else the kinds there are.
  const listed = KINDS.filter((k) => (kinds.length > 0 ? kinds.includes(k.code) : countOf(k.code) > 0));

  return (
    <section className="embed-legend" aria-label={t('legend')} data-testid="embed-legend">
      <header>
        <a className="embed-brand" href={appHref} target="_blank" rel="noopener" title={t('openAppTitle')} data-testid="embed-open-app">
          {t('openApp')} <span aria-hidden="true">↗</span>
        </a>
        {areaName && <span className="embed-area">{areaName}</span>}
      </header>
      {counts === undefined ? (
        <p className="embed-total">{t('translation:app.loading')}</p>
      ) : (
        <>
          <ul>
            {listed.map((k) => (
              <li key={k.code} data-kind={k.code} title={label(k.name)}>
                <KindSwatch kind={k} />
                <span className="kind-name">{label(k.name)}</span>
                <b>{format.number(countOf(k.code))}</b>
              </li>
            ))}
          </ul>
          <p className="embed-total">
            <span data-testid="embed-total">{counts.total === 0 ? t('noProjects') : t('total', { count: counts.total })}</span>
            {counts.hasDemo && (
              <span className="demo-tag" title={t('translation:app.demoNote')}>
                {t('translation:app.demoBadge')}
              </span>
            )}
          </p>
        </>
      )}
    </section>
  );
}
