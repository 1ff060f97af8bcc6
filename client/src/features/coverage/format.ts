import { useTranslation } from 'react-i18next';
import type { Language } from '../../state/viewState.js';

/** Ratios and figures as the current language writes them; an unknown ratio is never printed as 0. */
export function useCoverageFormat() {
  const { t, i18n } = useTranslation('coverage');
  const locale = i18n.language as Language;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  return {
    ratio: (r: number | null) => (r === null ? t('noData') : percent.format(r)),
    /** Counts, households and metres: whole numbers. */
    whole: (n: number) => whole.format(n),
    /** Densities and per-100 figures: two decimals at most. */
    decimal: (n: number | null) => (n === null ? t('noData') : decimal.format(n)),
  };
}
