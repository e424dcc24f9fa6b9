import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { api } from '../api/client';
import { ROLES, type Role, type User } from '../api/types';
import {
  ErrorMessage,
  formatDateTime,
  Loading,
  PageHeading,
  SuccessMessage,
  toApiError,
  useLoad,
} from '../app/ui';
import { useSession } from '../auth/session';
import { CreateUserForm } from './CreateUserForm';

export function UsersPage() {
  const { t } = useTranslation();
  const users = useLoad(() => api.get<{ items: User[] }>('/api/v1/users'), []);
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  return (
    <>
      <PageHeading
        title={t('users.title')}
        actions={
          !creating && (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              {t('users.new')}
            </button>
          )
        }
      >
        {t('users.title')}
      </PageHeading>
      {creating && (
        <CreateUserForm
          onCancel={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setDone(t('users.created', { username: u.username }));
            users.reload();
          }}
        />
      )}
      <SuccessMessage message={done} />
      <ErrorMessage error={users.error} />
      {users.loading && !users.data ? (
        <Loading />
      ) : (
        users.data && (
          <div className="table-wrap">
            <table className="table table-compact">
              <caption className="visually-hidden">{t('users.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.fields.username')}</th>
                  <th scope="col">{t('users.fields.displayName')}</th>
                  <th scope="col">{t('users.fields.role')}</th>
                  <th scope="col">{t('users.fields.totp')}</th>
                  <th scope="col">{t('users.fields.status')}</th>
                  <th scope="col">{t('users.fields.createdAt')}</th>
                  <th scope="col">{t('users.fields.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <UserRow
                    key={`${u.id}-${u.role}-${String(u.disabled)}`}
                    user={u}
                    onChanged={users.reload}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
    </>
  );
}

function UserRow({ user, onChanged }: { user: User; onChanged: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const self = session.user.id === user.id;
  const [role, setRole] = useState<Role>(user.role);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const patch = async (body: { role?: Role; disabled?: boolean }): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api.patch<User>(`/api/v1/users/${user.id}`, body);
      onChanged();
    } catch (e) {
      setError(toApiError(e));
      setBusy(false);
    }
  };

  const locked = user.lockedUntil !== null && user.lockedUntil > new Date().toISOString();
  const roleId = `role-${user.id}`;
  return (
    <tr>
      <td className="mono nowrap">
        {user.username}
        {self && <span className="badge badge-self">{t('users.you')}</span>}
      </td>
      <td>{user.displayName}</td>
      <td>
        {self ? (
          t(`roles.${user.role}`)
        ) : (
          <form
            className="inline-form"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              void patch({ role });
            }}
          >
            <label htmlFor={roleId} className="visually-hidden">
              {t('users.roleFor', { username: user.username })}
            </label>
            <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
            <button
              type="submit"
              className="btn btn-small"
              disabled={busy || role === user.role}
              aria-label={t('users.applyRoleFor', { username: user.username })}
            >
              {t('users.applyRole')}
            </button>
          </form>
        )}
        <ErrorMessage error={error} />
      </td>
      <td>
        {user.totpEnabled ? t('account.totp.on') : <span className="muted">{t('account.totp.off')}</span>}
      </td>
      <td>
        {user.disabled ? (
          <span className="badge status-disabled">{t('users.disabled')}</span>
        ) : locked ? (
          <span className="badge status-locked">{t('users.locked')}</span>
        ) : (
          <span className="badge status-active">{t('users.active')}</span>
        )}
      </td>
      <td className="nowrap">{formatDateTime(user.createdAt)}</td>
      <td>
        {!self && (
          <button
            type="button"
            className={user.disabled ? 'btn btn-small' : 'btn btn-small btn-danger-outline'}
            disabled={busy}
            aria-label={t(user.disabled ? 'users.enableFor' : 'users.disableFor', {
              username: user.username,
            })}
            onClick={() => void patch({ disabled: !user.disabled })}
          >
            {user.disabled ? t('users.enable') : t('users.disable')}
          </button>
        )}
      </td>
    </tr>
  );
}
