import { useTranslation } from 'react-i18next';
import { LEDGER_FIELD_LABELS, LEDGER_FIELDS, type LedgerField } from '../../../../server/src/domain/ledgerFields.js';

export const isLedgerField = (name: string): name is LedgerField => (LEDGER_FIELDS as readonly string[]).includes(name);

/** A ledger field's name in the interface's language: "项目名称" / "Title". */
export function useFieldLabel(): (field: LedgerField) => string {
  const { i18n } = useTranslation();
  return (field) => LEDGER_FIELD_LABELS[field][i18n.language === 'en' ? 'en' : 'zh'];
}
