import { useTranslation } from 'react-i18next';
import type { BothLanguages } from './bothLanguages.js';

/** The same words from both catalogues, for notices that show Chinese and English together. */
export function useBothLanguages(): (key: string, options?: Record<string, unknown>) => BothLanguages {
  const { i18n } = useTranslation('import');
  const zh = i18n.getFixedT('zh-CN', 'import');
  const en = i18n.getFixedT('en', 'import');
  return (key, options = {}) => ({ zh: zh(key, options), en: en(key, options) });
}

/**
 * Why something failed, in Chinese with the English beneath: district staff
 * read the first line, and can forward the second to whoever runs the system.
 * `lead` says what failed, `reason` why.
 */
export function ErrorNotice({ lead, reason, testId }: { lead?: BothLanguages; reason: BothLanguages; testId?: string }) {
  const line = (language: keyof BothLanguages) => [lead?.[language], reason[language]].filter(Boolean).join(' ');
  return (
    <div className="import-error" role="alert" data-testid={testId}>
      <p lang="zh-CN">{line('zh')}</p>
      {line('en') !== line('zh') && <p lang="en">{line('en')}</p>}
    </div>
  );
}
