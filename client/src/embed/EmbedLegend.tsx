import { useTranslation } from 'react-i18next';
import { KINDS, type KindCode } from '../../../server/src/domain/kinds/index.js';
import type { ProjectListFeature } from '../api/types.js';
import { KindSwatch } from '../features/legend/KindSwatch.js';
import { useBilingual, useFormat } from '../i18n/index.js';

interface EmbedLegendProps {
  /** Undefined while loading. */
  projects: ProjectListFeature[] | undefined;
  /** The kinds asked for; none means every kind. */
  kinds: KindCode[];
  areaName: string | undefined;
  /** The full app at the embed's current view. */
  appHref: string;
}

/** One small box: the link to the full map, what the map shows and how many, and what each colour means. */
export function EmbedLegend({ projects, kinds, areaName, appHref }: EmbedLegendProps) {
  const { t } = useTranslation(['embed', 'translation']);
  const label = useBilingual();
  const format = useFormat();
  const counts = new Map<string, number>();
  for (const p of projects ?? []) counts.set(p.properties.kind, (counts.get(p.properties.kind) ?? 0) + 1);
  // The kinds asked for, or else the kinds there are.
  const listed = KINDS.filter((k) => (kinds.length > 0 ? kinds.includes(k.code) : counts.has(k.code)));
  const isDemo = projects?.some((p) => p.properties.is_demo) ?? false;

  return (
    <section className="embed-legend" aria-label={t('legend')} data-testid="embed-legend">
      <header>
        <a className="embed-brand" href={appHref} target="_blank" rel="noopener" title={t('openAppTitle')} data-testid="embed-open-app">
          {t('openApp')} <span aria-hidden="true">↗</span>
        </a>
        {areaName && <span className="embed-area">{areaName}</span>}
      </header>
      {projects === undefined ? (
        <p className="embed-total">{t('translation:app.loading')}</p>
      ) : (
        <>
          <ul>
            {listed.map((k) => (
              <li key={k.code} data-kind={k.code} title={label(k.name)}>
                <KindSwatch kind={k} />
                <span className="kind-name">{label(k.name)}</span>
                <b>{format.number(counts.get(k.code) ?? 0)}</b>
              </li>
            ))}
          </ul>
          <p className="embed-total">
            <span data-testid="embed-total">{projects.length === 0 ? t('noProjects') : t('total', { count: projects.length })}</span>
            {isDemo && (
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
