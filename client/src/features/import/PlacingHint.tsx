import type { Map as MapLibreMap } from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import { errorInBothLanguages } from './bothLanguages.js';
import { ErrorNotice, useBothLanguages } from './ErrorNotice.js';
import { OutlineDrawing } from './OutlineDrawing.js';
import type { MapPlacing } from './useMapPlacing.js';
import './placing.css';

/** Over the map while a row waits for its place: what to click, and a way out. */
export function PlacingHint({ placing, map }: { placing: MapPlacing; map: MapLibreMap | null }) {
  const { t } = useTranslation('import');
  const both = useBothLanguages();
  if (!placing.target) return null;
  return (
    <div className="placing-hint" role="status" data-testid="placing-hint">
      <p>
        <strong>{t(placing.mode === 'outline' ? 'unplaced.outlining' : 'unplaced.placing', { title: placing.target.title })}</strong>
        {placing.target.address && <small>{placing.target.address}</small>}
      </p>
      {placing.saving && <p>{t('unplaced.saving')}</p>}
      {placing.error !== null && <ErrorNotice lead={both('unplaced.failed')} reason={errorInBothLanguages(placing.error)} />}
      {placing.mode === 'outline' && map && <OutlineDrawing map={map} placing={placing} />}
      <div className="placing-actions">
        {placing.mode === 'point' && (
          <button type="button" onClick={placing.placeAtCentre} disabled={placing.saving} title={t('unplaced.placeAtCentreHint')}>
            {t('unplaced.placeAtCentre')}
          </button>
        )}
        <button type="button" onClick={placing.cancel} data-testid="placing-cancel">
          {t('unplaced.cancel')}
        </button>
      </div>
    </div>
  );
}
