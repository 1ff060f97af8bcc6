import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_LABELS, ROLES, type Role } from '../../../../server/src/domain/roles.js';
import type { PatchUser } from '../../../../server/src/domain/user.js';
import { useErrorText } from '../../api/errorText.js';
import { useBilingual } from '../../i18n/index.js';
import { useSession } from '../../session/session.js';
import { Field } from '../editing/Field.js';
import { UnitOptions } from '../editing/UnitOptions.js';
import { useProblemText } from '../editing/useProblemText.js';
import type { Problem } from '../editing/validate.js';
import { AdminForm, useAdminMutation } from './AdminForm.js';
import { adminKeys, changeUser, createUser, useUsers, type User } from './api.js';
import { fieldProblemsOf, missing } from './formProblems.js';

type Open = { form: 'create' } | { form: 'edit' | 'password'; id: number } | null;

/** Accounts: list them, create one with its role and unit, change a role or unit, reset a password, disable or enable. */
export function UsersAdmin() {
  const { t } = useTranslation('admin');
  const bilingual = useBilingual();
  const errorText = useErrorText();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const me = useSession().session.user;
  const users = useUsers();
  const [open, setOpen] = useState<Open>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [toggleError, setToggleError] = useState<{ id: number; text: string } | null>(null);

  const saved = (text: string) => {
    setOpen(null);
    setMessage(text);
    void queryClient.invalidateQueries({ queryKey: adminKeys.users });
  };

  const toggle = useAdminMutation((user: User) => changeUser(user.id, { disabled: !user.disabled }), {
    onSuccess: (user) => saved(t(user.disabled ? 'users.disabledNow' : 'users.enabledNow', { username: user.username })),
    onError: (error, user) => setToggleError({ id: user.id, text: fieldProblemsOf(error)?.map(problemText).join(';') ?? errorText(error) }),
  });

  if (users.isError) return <p role="alert">{t('loadFailed', { message: errorText(users.error) })}</p>;
  if (!users.data) return <p>{t('loading')}</p>;

  return (
    <section className="admin-section" data-testid="admin-users">
      {message && (
        <p className="admin-message" role="status">
          {message}
        </p>
      )}
      {open?.form === 'create' ? (
        <CreateUserForm
          onCreated={(user) => saved(t('users.created', { username: user.username }))}
          onCancel={() => setOpen(null)}
        />
      ) : (
        <button type="button" className="admin-add" onClick={() => { setOpen({ form: 'create' }); setMessage(null); }} data-testid="add-user">
          {t('users.add')}
        </button>
      )}
      <p className="admin-hint">{t('users.sessionsNote')}</p>
      <div className="admin-table-wrap">
        <table className="admin-table">
          <thead>
            <tr>
              <th>{t('users.username')}</th>
              <th>{t('users.display_name')}</th>
              <th>{t('users.role')}</th>
              <th>{t('users.unit')}</th>
              <th>{t('users.area')}</th>
              <th>{t('users.status')}</th>
              <th>{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => {
              const editing = open !== null && open.form !== 'create' && open.id === user.id ? open.form : null;
              const choose = (form: 'edit' | 'password') => {
                setOpen({ form, id: user.id });
                setMessage(null);
              };
              return (
                <Fragment key={user.id}>
                  <tr data-username={user.username} data-disabled={user.disabled}>
                    <td>
                      <code>{user.username}</code>
                      {me?.id === user.id && <span className="admin-tag">{t('users.you')}</span>}
                      {user.is_demo && <span className="admin-tag demo-tag">{t('users.demo')}</span>}
                    </td>
                    <td>{user.display_name}</td>
                    <td>{bilingual(ROLE_LABELS[user.role])}</td>
                    <td>{user.unit_name ?? t('noUnit')}</td>
                    <td>{user.area_name ?? t('noUnit')}</td>
                    <td className={user.disabled ? 'admin-disabled' : undefined}>{user.disabled ? t('users.disabled') : t('users.active')}</td>
                    <td className="admin-row-actions">
                      <button type="button" onClick={() => choose('edit')} aria-expanded={editing === 'edit'} data-testid="edit-user-open">
                        {t('users.edit')}
                      </button>
                      <button type="button" onClick={() => choose('password')} aria-expanded={editing === 'password'} data-testid="reset-password-open">
                        {t('users.resetPassword')}
                      </button>
                      <button
                        type="button"
                        onClick={() => {
                          setMessage(null);
                          setToggleError(null);
                          toggle.mutate(user);
                        }}
                        disabled={toggle.isPending}
                        data-testid="toggle-user"
                      >
                        {user.disabled ? t('users.enable') : t('users.disable')}
                      </button>
                      {toggleError?.id === user.id && (
                        <span className="editor-error" role="alert">
                          {toggleError.text}
                        </span>
                      )}
                    </td>
                  </tr>
                  {editing && (
                    <tr className="admin-editor-row">
                      <td colSpan={7}>
                        {editing === 'edit' ? (
                          <EditUserForm user={user} onSaved={(u) => saved(t('users.changed', { username: u.username }))} onCancel={() => setOpen(null)} />
                        ) : (
                          <PasswordForm user={user} onSaved={(u) => saved(t('users.passwordReset', { username: u.username }))} onCancel={() => setOpen(null)} />
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

interface UserValues {
  username: string;
  display_name: string;
  password: string;
  role: Role;
  unit_id: string;
}

function CreateUserForm({ onCreated, onCancel }: { onCreated(user: User): void; onCancel(): void }) {
  const { t } = useTranslation('admin');
  const [values, setValues] = useState<UserValues>({ username: '', display_name: '', password: '', role: 'planner', unit_id: '' });
  const create = useAdminMutation(createUser, { onSuccess: onCreated });
  return (
    <AdminForm
      heading={t('users.addHeading')}
      submitLabel={t('users.create')}
      fields={['username', 'display_name', 'password', 'role', 'unit_id']}
      mutation={create}
      check={() => missing({ ...values, unit_id: values.role === 'unit' ? values.unit_id : 'n/a' }, ['username', 'display_name', 'password', 'unit_id'])}
      send={() =>
        create.mutate({
          username: values.username.trim(),
          display_name: values.display_name,
          password: values.password,
          role: values.role,
          unit_id: values.role === 'unit' ? Number(values.unit_id) : null,
        })
      }
      onCancel={onCancel}
      testId="create-user"
    >
      {(problems) => (
        <>
          <Field name="user-new.username" label={t('users.username')} required hint={t('users.usernameHint')} problems={problems.get('username')}>
            {(a11y) => <input {...a11y} type="text" autoComplete="off" maxLength={64} value={values.username} onChange={(e) => setValues({ ...values, username: e.target.value })} />}
          </Field>
          <Field name="user-new.display_name" label={t('users.display_name')} required problems={problems.get('display_name')}>
            {(a11y) => <input {...a11y} type="text" maxLength={100} value={values.display_name} onChange={(e) => setValues({ ...values, display_name: e.target.value })} />}
          </Field>
          <Field name="user-new.password" label={t('users.password')} required hint={t('users.passwordHint')} problems={problems.get('password')}>
            {(a11y) => <input {...a11y} type="password" autoComplete="new-password" value={values.password} onChange={(e) => setValues({ ...values, password: e.target.value })} />}
          </Field>
          <RoleAndUnit
            prefix="user-new"
            role={values.role}
            unitId={values.unit_id}
            problems={problems}
            onChange={(role, unit_id) => setValues({ ...values, role, unit_id })}
          />
        </>
      )}
    </AdminForm>
  );
}

function EditUserForm({ user, onSaved, onCancel }: { user: User; onSaved(user: User): void; onCancel(): void }) {
  const { t } = useTranslation('admin');
  const [displayName, setDisplayName] = useState(user.display_name);
  const [role, setRole] = useState<Role>(user.role);
  const [unitId, setUnitId] = useState(user.unit_id === null ? '' : String(user.unit_id));
  const change = useAdminMutation((patch: PatchUser) => changeUser(user.id, patch), { onSuccess: onSaved });
  const patch = (): PatchUser => {
    const p: PatchUser = {};
    if (displayName !== user.display_name) p.display_name = displayName;
    if (role !== user.role || unitId !== String(user.unit_id ?? '')) {
      p.role = role;
      p.unit_id = role === 'unit' ? Number(unitId) : null;
    }
    return p;
  };
  return (
    <AdminForm
      heading={t('users.editHeading', { username: user.username })}
      submitLabel={t('save')}
      fields={['display_name', 'role', 'unit_id']}
      mutation={change}
      check={() => missing({ display_name: displayName, unit_id: role === 'unit' ? unitId : 'n/a' }, ['display_name', 'unit_id'])}
      send={() => {
        const p = patch();
        if (Object.keys(p).length === 0) onCancel();
        else change.mutate(p);
      }}
      onCancel={onCancel}
      testId="edit-user"
    >
      {(problems) => (
        <>
          <Field name={`user-${user.id}.display_name`} label={t('users.display_name')} required problems={problems.get('display_name')}>
            {(a11y) => <input {...a11y} type="text" maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
          </Field>
          <RoleAndUnit
            prefix={`user-${user.id}`}
            role={role}
            unitId={unitId}
            problems={problems}
            onChange={(r, u) => {
              setRole(r);
              setUnitId(u);
            }}
          />
        </>
      )}
    </AdminForm>
  );
}

function PasswordForm({ user, onSaved, onCancel }: { user: User; onSaved(user: User): void; onCancel(): void }) {
  const { t } = useTranslation('admin');
  const [password, setPassword] = useState('');
  const change = useAdminMutation((p: string) => changeUser(user.id, { password: p }), { onSuccess: onSaved });
  return (
    <AdminForm
      heading={t('users.resetHeading', { username: user.username })}
      submitLabel={t('users.resetPassword')}
      fields={['password']}
      mutation={change}
      check={() => missing({ password }, ['password'])}
      send={() => change.mutate(password)}
      onCancel={onCancel}
      testId="reset-password"
    >
      {(problems) => (
        <Field name={`user-${user.id}.password`} label={t('users.newPassword')} required hint={t('users.passwordHint')} problems={problems.get('password')}>
          {(a11y) => <input {...a11y} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
      )}
    </AdminForm>
  );
}

/** The role, and the unit a unit user belongs to (asked only for that role). */
function RoleAndUnit(props: { prefix: string; role: Role; unitId: string; problems: Map<string, Problem[]>; onChange(role: Role, unitId: string): void }) {
  const { t } = useTranslation('admin');
  const bilingual = useBilingual();
  return (
    <>
      <Field name={`${props.prefix}.role`} label={t('users.role')} required problems={props.problems.get('role')}>
        {(a11y) => (
          <select {...a11y} value={props.role} onChange={(e) => props.onChange(e.target.value as Role, props.unitId)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {bilingual(ROLE_LABELS[r])}
              </option>
            ))}
          </select>
        )}
      </Field>
      {props.role === 'unit' && (
        <Field name={`${props.prefix}.unit_id`} label={t('users.unit')} required hint={t('users.unitHint')} problems={props.problems.get('unit_id')}>
          {(a11y) => (
            <select {...a11y} value={props.unitId} onChange={(e) => props.onChange(props.role, e.target.value)}>
              <option value="">{t('users.chooseUnit')}</option>
              <UnitOptions />
            </select>
          )}
        </Field>
      )}
    </>
  );
}
