import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { api } from '../api/client';
import { ROLES, type Role, type User } from '../api/types';
import { ErrorMessage, FieldError, toApiError } from '../app/ui';

type Field = 'username' | 'displayName' | 'role' | 'password';
const USERNAME = /^[a-z0-9][a-z0-9._-]*$/;
const MIN_PASSWORD = 12;

/** Mirrors createUserBody in src/core/auth/auth.schema.ts. */
function validate(
  v: Record<Field, string>,
): Partial<Record<Field, 'username' | 'required' | 'tooLong' | 'password'>> {
  const e: Partial<Record<Field, 'username' | 'required' | 'tooLong' | 'password'>> = {};
  if (v.username.length < 3 || v.username.length > 64 || !USERNAME.test(v.username)) e.username = 'username';
  if (!v.displayName.trim()) e.displayName = 'required';
  else if (v.displayName.length > 120) e.displayName = 'tooLong';
  if (v.password.length < MIN_PASSWORD || v.password.length > 256) e.password = 'password';
  return e;
}

export function CreateUserForm({
  onCreated,
  onCancel,
}: {
  onCreated: (u: User) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<Record<Field, string>>({
    username: '',
    displayName: '',
    role: 'viewer',
    password: '',
  });
  const [errors, setErrors] = useState<ReturnType<typeof validate>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    const found = validate(v);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`new-user-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await api.post<User>('/api/v1/users', {
        username: v.username,
        displayName: v.displayName.trim(),
        role: v.role as Role,
        password: v.password,
      });
      onCreated(created);
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  const msg = (f: Field): string | null => {
    const k = errors[f];
    if (!k) return null;
    if (k === 'username') return t('users.errors.username');
    if (k === 'password') return t('users.errors.password', { min: MIN_PASSWORD });
    return t(`sourceForm.errors.${k}`, { max: 120 });
  };
  const attrs = (f: Field, hint?: boolean) => ({
    id: `new-user-${f}`,
    value: v[f],
    'aria-invalid': errors[f] ? true : undefined,
    'aria-describedby':
      [hint ? `new-user-${f}-hint` : '', errors[f] ? `new-user-${f}-error` : ''].join(' ').trim() ||
      undefined,
  });
  const set = (f: Field) => (e: { target: { value: string } }) =>
    setV((p) => ({ ...p, [f]: e.target.value }));

  return (
    <section className="panel" aria-labelledby="new-user-h">
      <h2 id="new-user-h">{t('users.new')}</h2>
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <div className="field-row">
          <div className="field">
            <label htmlFor="new-user-username">{t('users.fields.username')}</label>
            <input
              {...attrs('username', true)}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              onChange={set('username')}
            />
            <p id="new-user-username-hint" className="hint">
              {t('users.usernameHint')}
            </p>
            <FieldError id="new-user-username-error" message={msg('username')} />
          </div>
          <div className="field field-grow">
            <label htmlFor="new-user-displayName">{t('users.fields.displayName')}</label>
            <input {...attrs('displayName', true)} autoComplete="off" onChange={set('displayName')} />
            <p id="new-user-displayName-hint" className="hint">
              {t('users.displayNameHint')}
            </p>
            <FieldError id="new-user-displayName-error" message={msg('displayName')} />
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="new-user-role">{t('users.fields.role')}</label>
            <select {...attrs('role')} onChange={set('role')}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-grow">
            <label htmlFor="new-user-password">{t('users.fields.password')}</label>
            <input
              {...attrs('password', true)}
              type="password"
              autoComplete="new-password"
              onChange={set('password')}
            />
            <p id="new-user-password-hint" className="hint">
              {t('users.passwordHint', { min: MIN_PASSWORD })}
            </p>
            <FieldError id="new-user-password-error" message={msg('password')} />
          </div>
        </div>
        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('users.create')}
          </button>
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
