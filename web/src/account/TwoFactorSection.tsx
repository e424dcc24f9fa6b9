import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { api } from '../api/client';
import type { Ok, TotpSetup } from '../api/types';
import { ErrorMessage, FieldError, SuccessMessage, toApiError } from '../app/ui';
import { useSession } from '../auth/session';

const CODE = /^\d{6}$/;

/** Groups of four, as authenticator apps show them: easier to type by hand without a QR scanner. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

export function TwoFactorSection() {
  const { t } = useTranslation();
  const { user, refresh } = useSession();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>): Promise<void> => {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      await action();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const begin = () =>
    run(async () => {
      setSetup(await api.post<TotpSetup>('/api/v1/account/totp/setup'));
      setCode('');
    });

  const submitCode = (e: FormEvent, enable: boolean): void => {
    e.preventDefault();
    if (!CODE.test(code)) {
      setCodeError(t('login.codeInvalid'));
      return;
    }
    setCodeError(null);
    void run(async () => {
      await api.post<Ok>(`/api/v1/account/totp/${enable ? 'enable' : 'disable'}`, { code });
      setSetup(null);
      setCode('');
      await refresh();
      setDone(enable ? t('account.totp.enabled') : t('account.totp.disabled'));
    });
  };

  const codeField = (
    <div className="field">
      <label htmlFor="totp-code">{t('login.code')}</label>
      <input
        id="totp-code"
        className="input-code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={code}
        aria-invalid={codeError ? true : undefined}
        aria-describedby={codeError ? 'totp-code-error' : undefined}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
      />
      <FieldError id="totp-code-error" message={codeError} />
    </div>
  );

  return (
    <section className="panel" aria-labelledby="account-totp-h">
      <h2 id="account-totp-h">{t('account.totp.title')}</h2>
      <p>
        {t('account.totp.status')}{' '}
        <strong className={user.totpEnabled ? 'status-on' : 'status-off'}>
          {user.totpEnabled ? t('account.totp.on') : t('account.totp.off')}
        </strong>
      </p>
      {user.totpEnabled ? (
        <form className="form narrow" noValidate onSubmit={(e) => submitCode(e, false)}>
          <p className="hint">{t('account.totp.disableHint')}</p>
          {codeField}
          <ErrorMessage error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-danger-outline" disabled={busy}>
              {t('account.totp.disable')}
            </button>
          </div>
        </form>
      ) : setup ? (
        <form className="form" noValidate onSubmit={(e) => submitCode(e, true)}>
          <ol className="steps">
            <li>
              <p>{t('account.totp.step1')}</p>
              <p className="secret-line">
                <span className="secret-label">{t('account.totp.secretLabel')}</span>{' '}
                <code className="secret">{groupSecret(setup.secret)}</code>
              </p>
              <details>
                <summary>{t('account.totp.uriLabel')}</summary>
                <p className="mono break">{setup.uri}</p>
              </details>
            </li>
            <li>
              <p>{t('account.totp.step2')}</p>
              {codeField}
            </li>
          </ol>
          <ErrorMessage error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('account.totp.enable')}
            </button>
            <button type="button" className="btn" onClick={() => setSetup(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="hint">{t('account.totp.intro')}</p>
          <ErrorMessage error={error} />
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void begin()}>
            {t('account.totp.setup')}
          </button>
        </>
      )}
      <SuccessMessage message={done} />
    </section>
  );
}
