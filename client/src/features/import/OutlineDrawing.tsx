import type { Map as MapLibreMap } from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import { findKind } from '../../../../server/src/domain/kinds/index.js';
import { useTerraDraw } from '../editing/useTerraDraw.js';
import type { MapPlacing } from './useMapPlacing.js';

/**
 * Drawing the outline of a compound a ledger gave as a point no known
 * compound contains (待勾画): the editor's own drawing (terra-draw), a
 * polygon from the first click, saved as the row's project.
 */
export function OutlineDrawing({ map, placing }: { map: MapLibreMap; placing: MapPlacing }) {
  const { t } = useTranslation('import');
  const compound = findKind('compound')!;
  const drawing = useTerraDraw(map, { allowed: compound.geometryTypes, colour: compound.color, initial: null, startWith: 'polygon' });
  const geometry = drawing.phase === 'drawn' ? drawing.geometry() : null;
  return (
    <div className="placing-actions">
      <p>{t('unplaced.outlineHint')}</p>
      <button type="button" className="import-primary" disabled={!geometry || placing.saving} onClick={() => geometry && placing.saveOutline(geometry)} data-testid="placing-save-outline">
        {t('unplaced.saveOutline')}
      </button>
    </div>
  );
}
