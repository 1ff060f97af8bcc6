import { useTranslation } from 'react-i18next';
import { KINDS, type KindCode } from '../../../../server/src/domain/kinds/index.js';
import { useBilingual } from '../../i18n/index.js';

/** The kinds of the registry as a radio group, each with its map colour and symbol. */
export function KindChooser(props: { value: KindCode | undefined; onChange(kind: KindCode): void }) {
  const { t } = useTranslation('editing');
  const bilingual = useBilingual();
  return (
    <fieldset className="editor-kinds">
      <legend>{t('kind.legend')}</legend>
      {props.value === undefined && <p className="editor-hint">{t('kind.hint')}</p>}
      <div className="editor-kind-options">
        {KINDS.map((kind) => (
          <label key={kind.code} className="editor-kind" style={{ ['--kind-colour' as string]: kind.color }}>
            <input
              type="radio"
              name="editor-kind"
              value={kind.code}
              checked={props.value === kind.code}
              onChange={() => props.onChange(kind.code)}
            />
            <span className="editor-kind-symbol" aria-hidden="true">
              {kind.symbol}
            </span>
            <span>{bilingual(kind.name)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
