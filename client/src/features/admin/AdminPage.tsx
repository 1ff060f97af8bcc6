import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { AreaImport } from '../areaImport/AreaImport.js';
import { Onboarding } from '../onboarding/Onboarding.js';
import { ListImport } from './ListImport.js';
import { UnitsAdmin } from './UnitsAdmin.js';
import { UsersAdmin } from './UsersAdmin.js';
import './admin.css';

type Tab = 'start' | 'boundaries' | 'users' | 'units' | 'lists';
const TABS: readonly Tab[] = ['start', 'boundaries', 'users', 'units', 'lists'];

/**
 * The first-day checklist, boundaries, users, responsible units and imports from lists, for
 * administrators: a modal page over the map,
 * opened from the user menu, which offers it to administrators only (the
 * server refuses everyone else anyway). Logging out unmounts it with the menu.
 */
export function AdminPage({ onClose }: { onClose(): void }) {
  const { t } = useTranslation('admin');
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [tab, setTab] = useState<Tab>('start');

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  // Into the body, not the header that opened it: the header's colours and button styles are not the dialog's.
  return createPortal(
    <dialog ref={dialog} className="admin-dialog" aria-labelledby={`${ids}-heading`} onClose={onClose} data-testid="admin-page">
      <header>
        <h2 id={`${ids}-heading`}>{t('heading')}</h2>
        <div role="tablist" className="admin-tabs">
          {TABS.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`${ids}-tab-${name}`}
              aria-selected={tab === name}
              aria-controls={`${ids}-panel`}
              onClick={() => setTab(name)}
              data-testid={`admin-tab-${name}`}
            >
              {t(`tabs.${name}`)}
            </button>
          ))}
        </div>
        <button type="button" className="close" aria-label={t('close')} onClick={() => dialog.current?.close()}>
          ×
        </button>
      </header>
      <div role="tabpanel" id={`${ids}-panel`} aria-labelledby={`${ids}-tab-${tab}`}>
        {tab === 'start' ? (
          <Onboarding onGo={setTab} />
        ) : tab === 'boundaries' ? (
          <AreaImport />
        ) : tab === 'users' ? (
          <UsersAdmin />
        ) : tab === 'units' ? (
          <UnitsAdmin />
        ) : (
          <ListImport />
        )}
      </div>
    </dialog>,
    document.body,
  );
}
