import { lazy, Suspense, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_LABELS } from '../../../server/src/domain/roles.js';
import { useBilingual } from '../i18n/index.js';
import { usePermissions } from '../permissions.js';
import { LoginDialog } from './LoginDialog.js';
import { useLogout, useSession, type SessionUser } from './session.js';
import './session.css';

/** The administration page is for a handful of users: it loads when first opened. */
const AdminPage = lazy(() => import('../features/admin/AdminPage.js').then((m) => ({ default: m.AdminPage })));

/** The header's end: "登录" for the public, the user's menu once logged in. */
export function SessionControls() {
  const { t } = useTranslation('session');
  const { session, loading } = useSession();
  const [loginOpen, setLoginOpen] = useState(false);
  if (loading) return null;
  if (session.user) return <UserMenu user={session.user} />;
  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={() => setLoginOpen(true)} data-testid="login">
        {t('login')}
      </button>
      {loginOpen && <LoginDialog onClose={() => setLoginOpen(false)} />}
    </>
  );
}

/** Who is logged in (name, role, unit), the administration page for admins, and logging out. */
function UserMenu({ user }: { user: SessionUser }) {
  const { t } = useTranslation('session');
  const bilingual = useBilingual();
  const permissions = usePermissions();
  const logout = useLogout();
  const menuId = useId();
  const menu = useRef<HTMLDivElement>(null);
  const [adminOpen, setAdminOpen] = useState(false);
  const role = bilingual(ROLE_LABELS[user.role]);

  return (
    <>
      <button type="button" className="user-button" popoverTarget={menuId} aria-label={t('menu.label', { name: user.display_name })} data-testid="user-menu-button">
        <span className="user-name">{user.display_name}</span>
        <span className="user-role">{role}</span>
      </button>
      <div ref={menu} id={menuId} popover="auto" className="user-menu" data-testid="user-menu">
        <p className="user-name">{user.display_name}</p>
        <p className="user-detail" data-testid="user-role">
          {role} · <code>{user.username}</code>
        </p>
        {user.role === 'unit' && user.unit_name && <p className="user-detail">{t('menu.unit', { unit: user.unit_name })}</p>}
        {permissions.canAdmin && (
          <button
            type="button"
            onClick={() => {
              menu.current?.hidePopover();
              setAdminOpen(true);
            }}
            data-testid="open-admin"
          >
            {t('menu.admin')}
          </button>
        )}
        <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending} data-testid="logout">
          {logout.isPending ? t('menu.loggingOut') : t('menu.logout')}
        </button>
        {logout.isError && <p role="alert">{t('menu.logoutFailed')}</p>}
      </div>
      {adminOpen && (
        <Suspense fallback={null}>
          <AdminPage onClose={() => setAdminOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
