import { useTranslation } from 'react-i18next';
import type { Problem } from './validate.js';

/** A problem in the interface's language: the catalogue's words for a rule, or the server's reason (Chinese `reason_zh`). */
export function useProblemText(): (problem: Problem) => string {
  const { t, i18n } = useTranslation('editing');
  return (problem) => {
    if ('rule' in problem) return t(`rules.${problem.rule}`, problem.params ?? {});
    return i18n.language === 'en' ? problem.reason : problem.reason_zh;
  };
}
