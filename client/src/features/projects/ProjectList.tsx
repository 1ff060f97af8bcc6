import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectListFeature } from '../../api/types.js';
import { ProjectSummary } from './ProjectSummary.js';

/** Enough for a district; beyond it the list asks for narrower filters rather than freezing a phone. */
const MAX_LISTED = 500;

interface ProjectListProps {
  projects: ProjectListFeature[];
  selected: number | undefined;
  onSelect(id: number): void;
}

/** The projects the filters show, in step with the map: select in one, highlight in the other. */
export function ProjectList({ projects, selected, onSelect }: ProjectListProps) {
  const { t } = useTranslation();
  const list = useRef<HTMLOListElement>(null);
  const shown = projects.slice(0, MAX_LISTED);

  useEffect(() => {
    list.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <section className="project-list" aria-labelledby="list-heading">
      <h2 id="list-heading">{t('list.heading')}</h2>
      {projects.length === 0 && <p className="empty">{t('list.empty')}</p>}
      <ol ref={list}>
        {shown.map((p) => (
          <li key={p.id}>
            <button type="button" aria-current={p.id === selected} onClick={() => onSelect(p.id)} data-testid="project-list-item" data-id={p.id}>
              <ProjectSummary properties={p.properties} />
            </button>
          </li>
        ))}
      </ol>
      {projects.length > MAX_LISTED && <p className="more">{t('list.more', { shown: MAX_LISTED, count: projects.length })}</p>}
    </section>
  );
}
