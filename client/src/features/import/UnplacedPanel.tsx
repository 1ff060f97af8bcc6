import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/index.js';
import { useUnplaced } from './api.js';
import type { MapPlacing } from './useMapPlacing.js';
import './placing.css';

/**
 * The ledger rows that had an address but no coordinates, in the side panel
 * beside the map: choose one, then click where it is.
 */
export function UnplacedPanel({ placing }: { placing: MapPlacing }) {
  const { t } = useTranslation('import');
  const { dateTime } = useFormat();
  const rows = useUnplaced(true);
  return (
    <section className="unplaced-panel" aria-labelledby="unplaced-heading" data-testid="unplaced-panel">
      <h2 id="unplaced-heading">{t('unplaced.heading')}</h2>
      <p className="unplaced-intro">{t('unplaced.intro')}</p>
      {placing.placed && !placing.target && (
        <p role="status" className="unplaced-placed">
          {t('unplaced.placed', { title: placing.placed.title })}
        </p>
      )}
      {rows.isError ? (
        <p role="alert">{t('unplaced.loadFailed', { message: rows.error.message })}</p>
      ) : rows.data?.length === 0 ? (
        <p className="unplaced-intro">{t('unplaced.none')}</p>
      ) : (
        <ol className="unplaced-list">
          {rows.data?.map((row) => {
            const current = placing.target?.import_id === row.import_id && placing.target.row_number === row.row_number;
            return (
              <li key={`${row.import_id}-${row.row_number}`} aria-current={current || undefined} data-testid="unplaced-row">
                <div>
                  <strong>{row.title}</strong>
                  <span>{row.address ?? t('unplaced.noAddress')}</span>
                  <small>
                    {t('unplaced.from', { ledger: row.ledger_name, row: row.row_number })} · <time dateTime={row.imported_at}>{dateTime(row.imported_at)}</time>
                  </small>
                </div>
                <button type="button" aria-pressed={current && placing.mode === 'point'} onClick={() => (current ? placing.cancel() : placing.start(row))} disabled={placing.saving}>
                  {current ? t('unplaced.cancel') : t('unplaced.place')}
                </button>
                {/* A compound no known compound contains waits for its outline: 待勾画. */}
                {row.kind === 'compound' && !current && (
                  <button type="button" onClick={() => placing.start(row, 'outline')} disabled={placing.saving} data-testid="unplaced-outline">
                    {t('unplaced.outline')}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
