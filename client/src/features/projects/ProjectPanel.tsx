import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { attributeValueLabel, findKind } from '../../../../server/src/domain/kinds/index.js';
import { STATUS_LABELS } from '../../../../server/src/domain/status.js';
import { useProject } from '../../api/queries.js';
import { useBilingual, useFormat } from '../../i18n/index.js';
import { usePermissions } from '../../permissions.js';
import { LoopActions } from '../loop/LoopActions.js';
import { Photos } from '../loop/Photos.js';
import { DeadlineBadge } from './DeadlineBadge.js';
import { HistoryTimeline } from './HistoryTimeline.js';
import { KindSwatch } from '../legend/KindSwatch.js';

interface ProjectPanelProps {
  projectId: number;
  /** Shown only to those who may edit: the App decides. */
  editAction?: ReactNode;
}

/**
 * One project: its attributes per kind, status, unit, deadline, households,
 * photos and history; for staff also the private fields, and the next steps of
 * the loop their role may take.
 */
export function ProjectPanel({ projectId, editAction }: ProjectPanelProps) {
  const { t } = useTranslation();
  const tl = useTranslation('loop').t;
  const label = useBilingual();
  const format = useFormat();
  const permissions = usePermissions();
  const project = useProject(projectId);
  if (project.isError) return <p role="alert">{t('project.notFound')}</p>;
  if (!project.data) return <p>{t('app.loading')}</p>;
  const p = project.data.properties;
  const kind = findKind(p.kind);
  const row = (name: string, value: ReactNode) =>
    value === null || value === undefined || value === '' ? null : (
      <div className="row" key={name}>
        <dt>{name}</dt>
        <dd>{value}</dd>
      </div>
    );

  return (
    <article className="project-panel" data-testid="project-panel" aria-labelledby="project-title">
      <header>
        <KindSwatch kind={kind} />
        <div>
          <h2 id="project-title">{p.title}</h2>
          <p className="kind">
            {kind ? label(kind.name) : p.kind} · <span className={`status status-${p.status}`}>{label(STATUS_LABELS[p.status])}</span>
            {p.is_demo && <span className="demo-tag">{t('project.demo')}</span>}
          </p>
        </div>
        {editAction}
      </header>
      <LoopActions key={project.data.id} project={project.data} />
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
        {row(t('project.area'), p.area_name)}
        {row(t('project.address'), p.address)}
        {row(t('project.reportedOn'), format.date(p.reported_on))}
        {row(t('project.completedOn'), p.completed_on && format.date(p.completed_on))}
        {row(t('project.verifiedOn'), p.verified_on && format.date(p.verified_on))}
        {row(t('project.households'), p.households_benefited === null ? null : format.number(p.households_benefited))}
        {row(t('project.description'), p.description)}
        {row(t('project.completionNote'), p.completion_note)}
        {row(t('project.reopenCount'), p.reopen_count > 0 ? t('project.reopenTimes', { count: p.reopen_count }) : null)}
      </dl>
      {/* The API sends these only to staff; absent, not empty, for everyone else. */}
      {'reporter_name' in p && (
        <section className="staff-only" data-testid="private-fields">
          <h3>{tl('staff.heading')}</h3>
          <dl>
            {row(tl('staff.reporter'), p.reporter_name ?? '—')}
            {row(tl('staff.phone'), p.reporter_phone ?? '—')}
            {row(tl('staff.internalNote'), p.internal_note ?? '—')}
          </dl>
        </section>
      )}
      {kind && Object.keys(p.attributes).length > 0 && (
        <>
          <h3>{t('project.attributes')}</h3>
          <dl>
            {Object.entries(kind.attributeLabels).map(([key, text]) => {
              const value = p.attributes[key];
              const valueLabel = attributeValueLabel(kind, key, value);
              return row(label(text), valueLabel ? label(valueLabel) : formatAttribute(value, format.number));
            })}
          </dl>
        </>
      )}
      <Photos key={`photos-${project.data.id}`} projectId={project.data.id} status={p.status} canUpload={permissions.canUploadPhoto} />
      <h3>{t('project.history')}</h3>
      <HistoryTimeline projectId={projectId} />
    </article>
  );
}

function formatAttribute(value: unknown, number: (n: number) => string): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' ? number(value) : String(value);
}
