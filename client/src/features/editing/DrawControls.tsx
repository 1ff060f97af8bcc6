import { useTranslation } from 'react-i18next';
import type { DrawTool } from './drawGeometry.js';
import { GEOMETRY } from './fieldErrors.js';
import { inputId } from './Field.js';
import { useProblemText } from './useProblemText.js';
import type { Drawing } from './useTerraDraw.js';
import type { Problem } from './validate.js';

/** The drawing tools the kind allows, what to do next on the map, and what is wrong with the geometry. */
export function DrawControls(props: { drawing: Drawing; tools: readonly DrawTool[]; mapReady: boolean; problems: readonly Problem[] }) {
  const { t } = useTranslation('editing');
  const text = useProblemText();
  const { drawing, tools } = props;
  const hint =
    drawing.phase === 'drawn' ? t('draw.hint.drawn') : drawing.phase === 'drawing' && drawing.tool ? t(`draw.hint.${drawing.tool}`) : t('draw.hint.idle');
  const errorId = `${inputId(GEOMETRY)}-error`;
  return (
    <fieldset className="editor-draw" aria-describedby={props.problems.length > 0 ? errorId : undefined} data-phase={drawing.phase}>
      <legend>{t('draw.legend')}</legend>
      <div className="editor-draw-tools" role="group" aria-label={t('draw.tools')} id={inputId(GEOMETRY)} tabIndex={-1}>
        {tools.map((tool) => (
          <button
            key={tool}
            type="button"
            className="editor-tool"
            aria-label={t(`draw.toolLabel.${tool}`)}
            aria-pressed={drawing.phase === 'drawing' && drawing.tool === tool}
            disabled={!props.mapReady}
            onClick={() => drawing.startDrawing(tool)}
            data-tool={tool}
          >
            {drawing.phase === 'drawn' && drawing.tool === tool ? t('draw.redraw') : t(`draw.tool.${tool}`)}
          </button>
        ))}
        {tools.includes('point') && (
          <button type="button" className="editor-tool" disabled={!props.mapReady} onClick={() => drawing.placeAtCentre()}>
            {t('draw.atCentre')}
          </button>
        )}
      </div>
      <p className="editor-hint" aria-live="polite">
        {props.mapReady ? hint : t('draw.mapMissing')}
      </p>
      {props.problems.length > 0 && (
        <p id={errorId} className="editor-error" data-field={GEOMETRY}>
          {props.problems.map(text).join(';')}
        </p>
      )}
    </fieldset>
  );
}
