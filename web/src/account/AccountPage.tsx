import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { api } from '../api/client';
import type { Ok } from '../api/types';
import { ErrorMessage, FieldError, formatDateTime, PageHeading, SuccessMessage, toApiError } from '../app/ui';
import { useSession } from '../auth/session';
import { TwoFactorSection } from './TwoFactorSection';

export const MIN_PASSWORD = 12;

export function AccountPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <>
      <PageHeading title={t('account.title')} />
      <section className="panel" aria-labelledby="account-profile-h">
        <h2 id="account-profile-h">{t('account.profile')}</h2>
        <dl className="details">
          <dt>{t('users.fields.username')}</dt>
          <dd className="mono">{user.username}</dd>
          <dt>{t('users.fields.displayName')}</dt>
          <dd>{user.displayName}</dd>
          <dt>{t('users.fields.role')}</dt>
          <dd>{t(`roles.${user.role}`)}</dd>
          <dt>{t('users.fields.createdAt')}</dt>
          <dd>{formatDateTime(user.createdAt)}</dd>
        </dl>
      </section>
      <PasswordSection />
      <TwoFactorSection />
    </>
  );
}

type PwErrors = Partial<Record<'current' | 'next' | 'confirm', string>>;

function PasswordSection() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<PwErrors>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const found: PwErrors = {};
    if (!current) found.current = t('account.password.errors.currentRequired');
    if (next.length < MIN_PASSWORD) found.next = t('account.password.errors.tooShort', { min: MIN_PASSWORD });
    else if (next.length > 256) found.next = t('account.password.errors.tooLong', { max: 256 });
    if (confirm !== next) found.confirm = t('account.password.errors.mismatch');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.post<Ok>('/api/v1/account/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(t('account.password.changed'));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (
    id: 'current' | 'next' | 'confirm',
    label: string,
    value: string,
    onChange: (v: string) => void,
    autoComplete: string,
    hint?: string,
  ) => (
    <div className="field">
      <label htmlFor={`pw-${id}`}>{label}</label>
      <input
        id={`pw-${id}`}
        type="password"
        autoComplete={autoComplete}
        value={value}
        aria-invalid={errors[id] ? true : undefined}
        aria-describedby={
          [hint ? `pw-${id}-hint` : '', errors[id] ? `pw-${id}-error` : ''].join(' ').trim() || undefined
        }
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <p id={`pw-${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <FieldError id={`pw-${id}-error`} message={errors[id]} />
    </div>
  );

  return (
    <section className="panel" aria-labelledby="account-password-h">
      <h2 id="account-password-h">{t('account.password.title')}</h2>
      <form className="form narrow" noValidate onSubmit={(e) => void submit(e)}>
        {field('current', t('account.password.current'), current, setCurrent, 'current-password')}
        {field(
          'next',
          t('account.password.new'),
          next,
          setNext,
          'new-password',
          t('account.password.hint', { min: MIN_PASSWORD }),
        )}
        {field('confirm', t('account.password.confirm'), confirm, setConfirm, 'new-password')}
        <ErrorMessage error={error} />
        <SuccessMessage message={done} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('account.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
