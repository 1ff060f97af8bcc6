import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COVERAGE_BOUNDS, type CoverageParams } from '../../../../server/src/domain/coverage.js';

/** How long typing may pause before the figures are asked for again. */
const DEBOUNCE_MS = 400;

const WHOLE_NUMBERS: (keyof CoverageParams)[] = ['year', 'hotspotReports'];

function parse(name: keyof CoverageParams, draft: string): number | undefined {
  const value = Number(draft);
  const { minimum, maximum } = COVERAGE_BOUNDS[name];
  if (draft.trim() === '' || !Number.isFinite(value) || value < minimum || value > maximum) return undefined;
  if (WHOLE_NUMBERS.includes(name) && !Number.isInteger(value)) return undefined;
  return value;
}

/** One parameter of a metric (R, Y, D…), bounded as the API bounds it, passed on once typing pauses. */
export function ParamField({ name, value, onCommit }: { name: keyof CoverageParams; value: number; onCommit(value: number): void }) {
  const { t } = useTranslation('coverage');
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const parsed = parse(name, draft);
  const { minimum, maximum } = COVERAGE_BOUNDS[name];

  // The latest callback, so a parent's re-render does not restart the pause.
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => {
    if (parsed === undefined || parsed === value) return;
    const timer = setTimeout(() => commit.current(parsed), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [parsed, value]);

  return (
    <label className="coverage-param">
      <span>{t(`param.${name}`)}</span>
      <input
        type="number"
        inputMode="decimal"
        min={minimum}
        max={maximum}
        step={WHOLE_NUMBERS.includes(name) ? 1 : 'any'}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        aria-invalid={parsed === undefined}
        aria-describedby={parsed === undefined ? `${id}-error` : undefined}
        data-testid={`coverage-param-${name}`}
      />
      {parsed === undefined && (
        <small id={`${id}-error`} className="coverage-error" role="alert">
          {t('outOfBounds', { min: minimum, max: maximum })}
        </small>
      )}
    </label>
  );
}
