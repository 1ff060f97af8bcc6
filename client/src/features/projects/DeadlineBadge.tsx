import { useTranslation } from 'react-i18next';

interface DeadlineProperties {
  overdue: boolean;
  days_overdue: number | null;
  days_left: number | null;
}

/** Days overdue in red, or days left; nothing for finished work. */
export function DeadlineBadge({ properties }: { properties: DeadlineProperties }) {
  const { t } = useTranslation();
  if (properties.overdue) return <span className="badge overdue">{t('project.daysOverdue', { count: properties.days_overdue ?? 0 })}</span>;
  if (properties.days_left === null) return null;
  if (properties.days_left === 0) return <span className="badge due">{t('project.dueToday')}</span>;
  return <span className="badge">{t('project.daysLeft', { count: properties.days_left })}</span>;
}
