import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectFilters } from '../../state/viewState.js';
import { EXPORT_FORMATS } from '../../../../server/src/domain/api/projects.js';
import { exportUrl } from './exportUrl.js';
import './export.css';

/**
 * "导出" in the header, for everyone: the projects the view shows, as a file.
 * Plain download links, so the browser streams the file and shows its own
 * progress; the server leaves private columns out for the public.
 */
export function ExportMenu({ filters, count }: { filters: ProjectFilters; count: number }) {
  const { t } = useTranslation('export');
  const menuId = useId();
  const menu = useRef<HTMLDivElement>(null);
  return (
    <>
      <button type="button" className="export-button" popoverTarget={menuId} aria-label={t('label')} data-testid="open-export">
        {t('open')}
      </button>
      <div ref={menu} id={menuId} popover="auto" className="export-menu" role="group" aria-label={t('label')} data-testid="export-menu">
        <p>{t('intro', { count })}</p>
        <ul>
          {EXPORT_FORMATS.map((format) => (
            <li key={format}>
              <a href={exportUrl(filters, format)} download onClick={() => menu.current?.hidePopover()} data-testid={`export-${format}`}>
                <span>{t(`formats.${format}`)}</span>
                <small>{t(`formatHints.${format}`)}</small>
              </a>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
