import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { api, setCsrfToken } from '../api/client';
import type { SessionResponse } from '../api/types';
import { ErrorMessage, FieldError, toApiError } from '../app/ui';

const CODE_PATTERN = /^\d{6}$/;

/** Sign-in; a second step asks for the authenticator code when the server answers TOTP_REQUIRED. */
export function LoginPage({ onSignedIn }: { onSignedIn: (s: SessionResponse) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t('login.title')} · Supolka`;
  }, [t]);
  useEffect(() => {
    if (needsCode) codeRef.current?.focus();
  }, [needsCode]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    if (needsCode && !CODE_PATTERN.test(code)) {
      setCodeError(t('login.codeInvalid'));
      codeRef.current?.focus();
      return;
    }
    setCodeError(null);
    setBusy(true);
    try {
      const session = await api.post<SessionResponse>('/api/v1/auth/login', {
        username: username.trim(),
        password,
        ...(needsCode ? { totp: code } : {}),
      });
      setCsrfToken(session.csrfToken);
      onSignedIn(session);
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.code === 'TOTP_REQUIRED') {
        setNeedsCode(true);
      } else {
        setError(apiError);
        if (needsCode) setCode('');
      }
    } finally {
      setBusy(false);
    }
  };

  const startOver = (): void => {
    setNeedsCode(false);
    setCode('');
    setPassword('');
    setError(null);
    setCodeError(null);
  };

  return (
    <main id="main" className="login-main">
      <div className="login-card">
        <h1>{needsCode ? t('login.codeTitle') : t('login.title')}</h1>
        <form onSubmit={(e) => void submit(e)} noValidate>
          {!needsCode ? (
            <>
              <div className="field">
                <label htmlFor="login-username">{t('login.username')}</label>
                <input
                  id="login-username"
                  name="username"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  required
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="login-password">{t('login.password')}</label>
                <input
                  id="login-password"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </div>
            </>
          ) : (
            <div className="field">
              <label htmlFor="login-code">{t('login.code')}</label>
              <input
                ref={codeRef}
                id="login-code"
                name="totp"
                className="input-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                aria-invalid={codeError ? true : undefined}
                aria-describedby={codeError ? 'login-code-hint login-code-error' : 'login-code-hint'}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
              />
              <p className="hint" id="login-code-hint">
                {t('login.codeHint')}
              </p>
              <FieldError id="login-code-error" message={codeError} />
            </div>
          )}
          <ErrorMessage error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {needsCode ? t('login.verify') : t('login.submit')}
            </button>
            {needsCode && (
              <button type="button" className="btn btn-link" onClick={startOver}>
                {t('login.startOver')}
              </button>
            )}
          </div>
        </form>
      </div>
    </main>
  );
}
