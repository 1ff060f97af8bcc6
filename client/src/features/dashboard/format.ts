import { useTranslation } from 'react-i18next';
import type { Ratio } from '../../../../server/src/domain/dashboard.js';
import type { Language } from '../../state/viewState.js';

/** The dashboard's figures as the current language writes them; an unknown ratio or mean is a dash, never 0. */
export function useDashboardFormat() {
  const { t, i18n } = useTranslation('dashboard');
  const locale = i18n.language as Language;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const twoDecimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return {
    whole: (n: number) => whole.format(n),
    ratio: (r: Ratio) => (r.ratio === null ? t('noData') : percent.format(r.ratio)),
    fraction: (r: Ratio) => t('fraction', { numerator: whole.format(r.numerator), denominator: whole.format(r.denominator) }),
    dayUnknown: (count: number) => t('dayUnknown', { count: whole.format(count) }),
    days: (mean: number | null) => (mean === null ? t('noData') : t('days', { days: oneDecimal.format(mean) })),
    score: (mean: number | null) => (mean === null ? t('noData') : t('score', { score: twoDecimals.format(mean) })),
  };
}

export type DashboardFormat = ReturnType<typeof useDashboardFormat>;
