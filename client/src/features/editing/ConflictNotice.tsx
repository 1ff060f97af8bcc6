import { useTranslation } from 'react-i18next';

/** A 409: someone else saved the project since it was opened. Nothing of the user's is dropped. */
export function ConflictNotice(props: { version: number; reloading: boolean; onReload(): void }) {
  const { t } = useTranslation('editing');
  return (
    <div className="editor-notice editor-conflict" role="alert" data-testid="editor-conflict">
      <h3>{t('conflict.heading')}</h3>
      <p>{t('conflict.body', { version: props.version })}</p>
      <button type="button" onClick={props.onReload} disabled={props.reloading}>
        {props.reloading ? t('conflict.reloading') : t('conflict.reload')}
      </button>
    </div>
  );
}

export interface KeptEntry {
  key: string;
  label: string;
  value: string;
}

/** After a reload: what the user had entered, listed, with a way to put it back over the new version. */
export function KeptValues(props: { entries: readonly KeptEntry[]; onReapply(): void; onDismiss(): void }) {
  const { t } = useTranslation('editing');
  return (
    <div className="editor-notice editor-kept" role="status" data-testid="editor-kept">
      <p>{t('conflict.reloaded')}</p>
      <dl>
        {props.entries.map((entry) => (
          <div key={entry.key}>
            <dt>{entry.label}</dt>
            <dd>{entry.value === '' ? t('conflict.empty') : entry.value}</dd>
          </div>
        ))}
      </dl>
      <div className="editor-notice-actions">
        <button type="button" onClick={props.onReapply}>
          {t('conflict.reapply')}
        </button>
        <button type="button" onClick={props.onDismiss}>
          {t('conflict.dismiss')}
        </button>
      </div>
    </div>
  );
}
