import { useTranslation } from 'react-i18next';
import { ApiError } from './http.js';

/**
 * What went wrong, in the interface's language: the server's own words
 * (`message_zh` in Chinese) when it gave them, else its message or the error's.
 */
export function useErrorText(): (error: unknown) => string {
  const { i18n } = useTranslation();
  return (error) => {
    if (error instanceof ApiError && i18n.language !== 'en' && error.body.message_zh) return error.body.message_zh;
    return error instanceof Error ? error.message : String(error);
  };
}
