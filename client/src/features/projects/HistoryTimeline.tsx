import { useTranslation } from 'react-i18next';
import { SATISFACTION_LABELS } from '../../../../server/src/domain/lifecycle.js';
import { STATUS_LABELS, type Status } from '../../../../server/src/domain/status.js';
import { useHistory, useUnits } from '../../api/queries.js';
import type { HistoryEntry } from '../../api/types.js';
import { useBilingual, useFormat } from '../../i18n/index.js';
import { unitName } from '../editing/UnitOptions.js';

/**
 * Every recorded change of a project, newest first: when and what for everyone;
 * who, the notes and the details for staff (the API leaves them out for the public).
 */
export function HistoryTimeline({ projectId }: { projectId: number }) {
  const { t } = useTranslation();
  const label = useBilingual();
  const format = useFormat();
  const history = useHistory(projectId);
  const units = useUnits().data ?? [];
  if (!history.data) return null;
  const statusName = (s: string | null) => (s ? label(STATUS_LABELS[s as Status]) : '');

  /** What a step set besides the status: the unit and deadline of an assignment, a follow-up's satisfaction, a photo's stage. */
  const details = (h: HistoryEntry): string[] => {
    const changes = h.changes ?? {};
    const out: string[] = [];
    if (h.action === 'update') {
      if (Object.keys(changes).length > 0) out.push(t('history.fields', { fields: Object.keys(changes).join(', ') }));
      return out;
    }
    const unitId = changes.unit_id?.[1];
    if (typeof unitId === 'number') {
      const unit = units.find((u) => u.id === unitId);
      out.push(t('history.unit', { unit: unit ? unitName(unit, label) : String(unitId) }));
    }
    const deadline = changes.deadline?.[1];
    if (typeof deadline === 'string') out.push(t('history.deadline', { date: format.date(deadline) }));
    const satisfaction = changes.satisfaction?.[1] as keyof typeof SATISFACTION_LABELS | undefined;
    if (satisfaction && SATISFACTION_LABELS[satisfaction]) {
      out.push(t('history.satisfaction', { score: satisfaction, label: label(SATISFACTION_LABELS[satisfaction]) }));
    }
    return out;
  };

  const what = (h: HistoryEntry): string => {
    if (h.action === 'photo') {
      const stage = (h.changes?.photo?.[1] as { stage?: string } | undefined)?.stage;
      return stage === 'before' || stage === 'after' ? `${t('history.photo')}(${t(`history.photoStage.${stage}`)})` : t('history.photo');
    }
    const moved = h.action === 'transition' || (h.action === 'create' && h.to_status);
    return `${t(`history.${h.action}`)}${moved ? ` ${[statusName(h.from_status), statusName(h.to_status)].filter(Boolean).join(' → ')}` : ''}`;
  };

  return (
    <ol className="timeline" data-testid="history">
      {[...history.data].reverse().map((h) => (
        <li key={h.id} data-action={h.action} data-to={h.to_status ?? undefined}>
          <time dateTime={h.at}>{format.dateTime(h.at)}</time>
          <span className="what">{what(h)}</span>
          {h.actor && (
            <span className="who" data-testid="history-actor">
              {t('history.by', { actor: h.actor })}
            </span>
          )}
          {details(h).map((d) => (
            <span key={d} className="fields">
              {d}
            </span>
          ))}
          {h.note && <span className="note">{h.note}</span>}
        </li>
      ))}
    </ol>
  );
}
