import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Status } from '../../../../server/src/domain/status.js';
import { useErrorText } from '../../api/errorText.js';
import { invalidateProjectViews } from '../../api/queries.js';
import type { ProjectFeature } from '../../api/types.js';
import { useBilingual } from '../../i18n/index.js';
import { usePermissions } from '../../permissions.js';
import { TransitionForm } from './TransitionForm.js';
import type { StepOutcome } from './useTransition.js';
import './loop.css';

type Notice = { kind: 'done' | 'photoFailed'; action: string; message?: string } | { kind: 'conflict' };

/**
 * The next steps of the loop this user may take on this project, as buttons
 * (read from the lifecycle's transition table); each opens the small form its
 * step needs. Nothing at all for those who may take no step.
 */
export function LoopActions({ project }: { project: ProjectFeature }) {
  const { t } = useTranslation('loop');
  const bilingual = useBilingual();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const [open, setOpen] = useState<{ to: Status; from: Status } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const status = project.properties.status;
  const transitions = permissions.transitionsFrom(status);
  // A form opened on an earlier status (the project moved on since) is closed.
  const openTransition = open?.from === status ? transitions.find((tr) => tr.to === open.to) : undefined;
  if (transitions.length === 0 && notice === null) return null;

  const done = ({ project: updated, photoError }: StepOutcome) => {
    const action = bilingual(transitions.find((tr) => tr.to === updated.properties.status)?.action ?? { zh: '', en: '' });
    setOpen(null);
    setNotice(photoError ? { kind: 'photoFailed', action, message: errorText(photoError) } : { kind: 'done', action });
  };

  const conflict = () => {
    setOpen(null);
    setNotice({ kind: 'conflict' });
    invalidateProjectViews(queryClient);
  };

  return (
    <section className="loop-steps" aria-labelledby={`steps-${project.id}`} data-testid="loop-actions">
      <h3 id={`steps-${project.id}`}>{t('steps.heading')}</h3>
      {notice && (
        <p className={`loop-notice loop-${notice.kind}`} role={notice.kind === 'done' ? 'status' : 'alert'} data-testid="loop-notice">
          {notice.kind === 'conflict' ? t('steps.conflict') : t(`steps.${notice.kind}`, { action: notice.action, message: notice.message })}
        </p>
      )}
      {openTransition ? (
        <TransitionForm
          key={`${openTransition.from}-${openTransition.to}`}
          project={project}
          transition={openTransition}
          onDone={done}
          onConflict={conflict}
          onBack={() => setOpen(null)}
        />
      ) : (
        <div className="loop-buttons">
          {transitions.map((tr) => (
            <button
              key={tr.to}
              type="button"
              className={tr.to === 'cancelled' || (tr.from === 'completed' && tr.to === 'in_progress') ? 'loop-secondary' : 'loop-primary'}
              onClick={() => {
                setOpen({ to: tr.to, from: tr.from });
                setNotice(null);
              }}
              data-testid={`transition-${tr.to}`}
            >
              {bilingual(tr.action)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
