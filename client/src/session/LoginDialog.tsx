import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { ROLE_LABELS } from '../../../server/src/domain/roles.js';
import { useErrorText } from '../api/errorText.js';
import { ApiError } from '../api/http.js';
import { useBilingual } from '../i18n/index.js';
import { fetchDemoAccounts, useLogin } from './session.js';

type Missing = { username?: boolean; password?: boolean };

/** Username and password, with the demo accounts to pick from while the demo data is loaded. */
export function LoginDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation('session');
  const bilingual = useBilingual();
  const errorText = useErrorText();
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Missing>({});
  const login = useLogin(onClose);
  const demo = useQuery({ queryKey: ['auth', 'demo-accounts'], queryFn: fetchDemoAccounts, staleTime: 60_000 });

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = { username: username.trim() === '', password: password === '' };
    setMissing(found);
    if (found.username || found.password || login.isPending) return;
    login.mutate({ username: username.trim(), password });
  };

  const refusal = (error: unknown): string => {
    if (error instanceof ApiError && error.status === 401) return t('invalidCredentials');
    if (error instanceof ApiError && error.status === 429) {
      return t('tooManyAttempts', { minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)) });
    }
    return t('failed', { message: errorText(error) });
  };

  const pick = (account: string) => {
    setUsername(account);
    if (demo.data?.password) setPassword(demo.data.password);
    setMissing({});
    login.reset();
  };

  const accounts = demo.data?.accounts ?? [];
  const input = (name: 'username' | 'password', value: string, set: (v: string) => void, type: string, autoComplete: string) => (
    <div className="login-field">
      <label htmlFor={`${ids}-${name}`}>{t(name)}</label>
      <input
        id={`${ids}-${name}`}
        name={name}
        type={type}
        autoComplete={autoComplete}
        value={value}
        maxLength={name === 'username' ? 64 : 1024}
        aria-invalid={missing[name] === true}
        aria-describedby={missing[name] ? `${ids}-${name}-error` : undefined}
        onChange={(e) => {
          set(e.target.value);
          setMissing((m) => ({ ...m, [name]: false }));
        }}
      />
      {missing[name] && (
        <p id={`${ids}-${name}-error`} className="login-error">
          {t('required', { field: t(name) })}
        </p>
      )}
    </div>
  );

  // Into the body, not the header that opened it: the header's colours and button styles are not the dialog's.
  return createPortal(
    <dialog ref={dialog} className="login-dialog" aria-labelledby={`${ids}-heading`} onClose={onClose} data-testid="login-dialog">
      <header>
        <h2 id={`${ids}-heading`}>{t('loginHeading')}</h2>
        <button type="button" className="close" aria-label={t('close')} onClick={() => dialog.current?.close()}>
          ×
        </button>
      </header>
      <p className="intro">{t('loginIntro')}</p>
      <form onSubmit={submit} noValidate>
        {input('username', username, setUsername, 'text', 'username')}
        {input('password', password, setPassword, 'password', 'current-password')}
        {login.isError && (
          <p className="login-refused" role="alert" data-testid="login-error">
            {refusal(login.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? t('submitting') : t('submit')}
        </button>
      </form>
      {accounts.length > 0 && (
        <section className="login-demo" aria-labelledby={`${ids}-demo`} data-testid="demo-accounts">
          <h3 id={`${ids}-demo`}>{t('demo.heading')}</h3>
          <p>{t('demo.intro')}</p>
          <ul>
            {accounts.map((a) => (
              <li key={a.username}>
                <button type="button" onClick={() => pick(a.username)} data-username={a.username}>
                  <span className="role">{bilingual(ROLE_LABELS[a.role])}</span>
                  <code>{a.username}</code>
                </button>
              </li>
            ))}
          </ul>
          <p className="hint">{demo.data?.password ? t('demo.password', { password: demo.data.password }) : t('demo.passwordUnknown')}</p>
        </section>
      )}
    </dialog>,
    document.body,
  );
}
