import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectListFeature } from '../../api/types.js';
import { ProjectSummary } from './ProjectSummary.js';

/** Enough for a district; beyond it the list asks for narrower filters rather than freezing a phone. */
const MAX_LISTED = 500;

/** The projects in the map's view, a page at a time, when there are too many to list them all. */
export interface InViewPaging {
  /** How many projects the filters select in the view; undefined while it is being counted. */
  total: number | undefined;
  hasMore: boolean;
  loadingMore: boolean;
  onMore(): void;
}

interface ProjectListProps {
  projects: ProjectListFeature[];
  selected: number | undefined;
  onSelect(id: number): void;
  /** Given, `projects` are the pages loaded of those in view; otherwise every project the filters select. */
  inView?: InViewPaging;
}

/** The projects the filters show, in step with the map: select in one, highlight in the other. */
export function ProjectList({ projects, selected, onSelect, inView }: ProjectListProps) {
  const { t } = useTranslation();
  const list = useRef<HTMLOListElement>(null);
  const shown = inView ? projects : projects.slice(0, MAX_LISTED);

  useEffect(() => {
    list.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <section className="project-list" aria-labelledby="list-heading">
      <h2 id="list-heading">{t('list.heading')}</h2>
      {inView?.total !== undefined && inView.total > 0 && (
        <p className="in-view" data-testid="list-total">
          {t('list.inView', { count: inView.total })}
        </p>
      )}
      {projects.length === 0 && <p className="empty">{t(inView ? 'list.emptyInView' : 'list.empty')}</p>}
      <ol ref={list}>
        {shown.map((p) => (
          <li key={p.id}>
            <button type="button" aria-current={p.id === selected} onClick={() => onSelect(p.id)} data-testid="project-list-item" data-id={p.id}>
              <ProjectSummary properties={p.properties} />
            </button>
          </li>
        ))}
      </ol>
      {!inView && projects.length > MAX_LISTED && <p className="more">{t('list.more', { shown: MAX_LISTED, count: projects.length })}</p>}
      {inView?.hasMore && (
        <button type="button" className="load-more" disabled={inView.loadingMore} onClick={inView.onMore} data-testid="list-more">
          {t(inView.loadingMore ? 'app.loading' : 'list.loadMore', { count: Math.min(100, (inView.total ?? 0) - projects.length) })}
        </button>
      )}
    </section>
  );
}
