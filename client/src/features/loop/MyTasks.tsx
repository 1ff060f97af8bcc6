import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../api/errorText.js';
import { ProjectSummary } from '../projects/ProjectSummary.js';
import { useTasks } from './api.js';
import './loop.css';

/**
 * A responsible unit's open work, most overdue first and then by nearest
 * deadline (the server's order): overdue items carry a 督办 badge.
 */
export function MyTasks({ selected, onSelect }: { selected: number | undefined; onSelect(id: number): void }) {
  const { t } = useTranslation('loop');
  const errorText = useErrorText();
  const tasks = useTasks(true);
  const features = tasks.data?.features ?? [];
  const overdue = features.filter((f) => f.properties.overdue).length;

  return (
    <section className="project-list my-tasks" aria-labelledby="tasks-heading" data-testid="my-tasks">
      <h2 id="tasks-heading">
        {t('tasks.heading')}
        {tasks.isSuccess && features.length > 0 && <small>{t('tasks.count', { count: features.length, overdue })}</small>}
      </h2>
      {tasks.isError && <p role="alert">{t('tasks.loadFailed', { message: errorText(tasks.error) })}</p>}
      {tasks.isSuccess && features.length === 0 && <p className="empty">{t('tasks.none')}</p>}
      <ol>
        {features.map((p) => (
          <li key={p.id}>
            <button type="button" aria-current={p.id === selected} onClick={() => onSelect(p.id)} data-testid="task-item" data-id={p.id} data-overdue={p.properties.overdue}>
              <ProjectSummary
                properties={p.properties}
                badge={p.properties.overdue && <span className="badge supervise">{t('tasks.overdueBadge')}</span>}
              />
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
