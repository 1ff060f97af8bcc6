import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { findKind } from '../../../server/src/domain/kinds/index.js';
import { STATUS_LABELS } from '../../../server/src/domain/status.js';
import type { ProjectListFeature } from '../api/types.js';
import { KindSwatch } from '../features/legend/KindSwatch.js';
import { DeadlineBadge } from '../features/projects/DeadlineBadge.js';
import { useBilingual, useFormat } from '../i18n/index.js';

/**
 * A project clicked on the embedded map: the public list feature the map
 * holds, or (drawn from tiles) the project's public answer by id. Either
 * way, nothing but public fields to show.
 */
export function ProjectCard({ feature, onClose }: { feature: ProjectListFeature; onClose(): void }) {
  const { t } = useTranslation(['translation', 'embed']);
  const label = useBilingual();
  const format = useFormat();
  const p = feature.properties;
  const kind = findKind(p.kind);
  useEffect(() => {
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', closeOnEscape);
    return () => window.removeEventListener('keydown', closeOnEscape);
  }, [onClose]);
  const row = (name: string, value: ReactNode) =>
    value === null || value === '' ? null : (
      <div className="row">
        <dt>{name}</dt>
        <dd>{value}</dd>
      </div>
    );

  return (
    <article className="embed-card" aria-labelledby="embed-card-title" data-testid="embed-card" data-id={feature.id}>
      <header>
        <KindSwatch kind={kind} />
        <div>
          <h2 id="embed-card-title">{p.title}</h2>
          <p className="kind">
            {kind ? label(kind.name) : p.kind} · <span className={`status status-${p.status}`}>{label(STATUS_LABELS[p.status])}</span>
          </p>
        </div>
        <button type="button" className="close" aria-label={t('embed:close')} onClick={onClose}>
          {t('app.closeGlyph')}
        </button>
      </header>
      <dl>
        {row(t('project.unit'), p.unit_name ?? t('project.noUnit'))}
        {row(
          t('project.deadline'),
          p.deadline ? (
            <>
              {format.date(p.deadline)} <DeadlineBadge properties={p} />
            </>
          ) : (
            t('project.noDeadline')
          ),
        )}
        {row(t('project.address'), p.address)}
        {row(t('project.reportedOn'), format.date(p.reported_on))}
      </dl>
    </article>
  );
}
