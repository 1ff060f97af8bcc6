import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Bilingual } from '../../../server/src/domain/text.js';
import type { Language } from '../state/viewState.js';
import { en } from './en.js';
import { coverageEn, coverageZhCN } from '../features/coverage/messages.js';
import { dashboardEn, dashboardZhCN } from '../features/dashboard/messages.js';
import { editingEn, editingZhCN } from '../features/editing/messages.js';
import { shareEn, shareZhCN } from '../features/share/messages.js';
import { embedEn, embedZhCN } from '../embed/messages.js';
import { adminEn, adminZhCN } from '../features/admin/messages.js';
import { loopEn, loopZhCN } from '../features/loop/messages.js';
import { exportEn, exportZhCN } from '../features/export/messages.js';
import { importEn, importZhCN } from '../features/import/messages.js';
import { areaImportEn, areaImportZhCN } from '../features/areaImport/messages.js';
import { onboardingEn, onboardingZhCN } from '../features/onboarding/messages.js';
import { sessionEn, sessionZhCN } from '../session/messages.js';
import { zhCN } from './zh-CN.js';

/**
 * i18next with two catalogues: Simplified Chinese first, English second. The
 * editing, coverage and share features and the embed keep their words in
 * namespaces of their own.
 */
void i18next.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: zhCN, editing: editingZhCN, coverage: coverageZhCN, dashboard: dashboardZhCN, share: shareZhCN, embed: embedZhCN, session: sessionZhCN, loop: loopZhCN, admin: adminZhCN, import: importZhCN, export: exportZhCN, areaImport: areaImportZhCN, onboarding: onboardingZhCN },
    en: { translation: en, editing: editingEn, coverage: coverageEn, dashboard: dashboardEn, share: shareEn, embed: embedEn, session: sessionEn, loop: loopEn, admin: adminEn, import: importEn, export: exportEn, areaImport: areaImportEn, onboarding: onboardingEn },
  },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  // The catalogues are bundled: initialise at once, so the first render does not
  // suspend (a suspended first render abandons, and so aborts, its first fetches).
  initAsync: false,
  react: { useSuspense: false },
});

export { i18next };

/** Names kept in the domain registry (kinds, statuses, levels) in the current language. */
export function useBilingual(): (text: Bilingual) => string {
  const { i18n } = useTranslation();
  return (text) => (i18n.language === 'en' ? text.en : text.zh);
}

/** Dates and numbers formatted as the current language writes them. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language as Language;
  return {
    number: (n: number) => n.toLocaleString(locale),
    date: (iso: string) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)),
    dateTime: (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(iso)),
  };
}
