import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../api/client';
import { ErrorMessage, toApiError } from '../app/ui';
import type { KeyStatus } from './api';

/**
 * The recipient's own key: create it, unlock it into server memory for this session, lock it, change it.
 * The escrow notice is shown whenever the organisation's recovery key is configured.
 */
export function KeyPanel({ onChange }: { onChange?: (s: KeyStatus) => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<KeyStatus | null>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const s = await api.get<KeyStatus>('/api/v1/intake/key');
      setStatus(s);
      onChange?.(s);
    } catch (e) {
      setError(toApiError(e));
    }
  }, [onChange]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (path: string, body?: unknown): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api.post(path, body);
      setPassword('');
      await load();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void run(status?.hasKey && !status.unlocked ? '/api/v1/intake/key/unlock' : '/api/v1/intake/key', {
      password,
    });
  };

  if (!status) return <ErrorMessage error={error} />;
  return (
    <section className="card intake-key" aria-labelledby="intake-key-title">
      <h2 id="intake-key-title">{t('intake.key.title')}</h2>
      {status.escrow && (
        <p className="alert alert-error" role="note">
          {t('intake.key.escrowOn')}
        </p>
      )}
      <p>
        {status.unlocked
          ? t('intake.key.unlocked')
          : status.hasKey
            ? t('intake.key.locked')
            : t('intake.key.none')}
      </p>
      <ErrorMessage error={error} />
      <form onSubmit={submit} className="form-inline">
        <div className="field">
          <label htmlFor="intake-key-password">{t('intake.key.password')}</label>
          <input
            id="intake-key-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {status.unlocked
              ? t('intake.key.change')
              : status.hasKey
                ? t('intake.key.unlock')
                : t('intake.key.create')}
          </button>
          {status.unlocked && (
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() => void run('/api/v1/intake/key/lock')}
            >
              {t('intake.key.lock')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
