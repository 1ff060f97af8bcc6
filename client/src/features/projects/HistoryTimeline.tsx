import { useTranslation } from 'react-i18next';
import { STATUS_LABELS, type Status } from '../../../../server/src/domain/status.js';
import { useHistory } from '../../api/queries.js';
import { useBilingual, useFormat } from '../../i18n/index.js';

/** Every recorded change of a project, newest first: who, when, what. */
export function HistoryTimeline({ projectId }: { projectId: number }) {
  const { t } = useTranslation();
  const label = useBilingual();
  const format = useFormat();
  const history = useHistory(projectId);
  if (!history.data) return null;
  const statusName = (s: string | null) => (s ? label(STATUS_LABELS[s as Status]) : '');

  return (
    <ol className="timeline" data-testid="history">
      {[...history.data].reverse().map((h) => (
        <li key={h.id}>
          <time dateTime={h.at}>{format.dateTime(h.at)}</time>
          <span className="what">
            {t(`history.${h.action}`)}
            {h.action === 'transition' || (h.action === 'create' && h.to_status)
              ? ` ${[statusName(h.from_status), statusName(h.to_status)].filter(Boolean).join(' → ')}`
              : ''}
          </span>
          <span className="who">{t('history.by', { actor: h.actor })}</span>
          {h.action === 'update' && Object.keys(h.changes).length > 0 && (
            <span className="fields">{t('history.fields', { fields: Object.keys(h.changes).join(', ') })}</span>
          )}
          {h.note && <span className="note">{h.note}</span>}
        </li>
      ))}
    </ol>
  );
}
