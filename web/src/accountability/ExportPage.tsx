import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../api/client';
import { ErrorMessage, Loading, PageHeading, toApiError, useLoad } from '../app/ui';
import {
  RECIPIENTS,
  type PackageView,
  type PerpetratorSummary,
  type Recipient,
  type Verification,
} from './api';

/** Export wizard: 1. records, 2. recipient, 3. build, download and check the signed package. */
export function ExportPage() {
  const { t } = useTranslation();
  const perps = useLoad(
    () => api.get<{ items: PerpetratorSummary[] }>('/api/v1/perpetrators', { limit: 200 }),
    [],
  );
  const key = useLoad(
    () => api.get<{ publicKey: string; fingerprint: string }>('/api/v1/evidence/signing-key'),
    [],
  );
  const [chosen, setChosen] = useState<string[]>([]);
  const [recipient, setRecipient] = useState<Recipient>('courts');
  const [pkg, setPkg] = useState<PackageView | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const build = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setPkg(null);
    setVerification(null);
    try {
      const p = await api.post<PackageView>('/api/v1/evidence/packages', {
        recipient,
        perpetratorIds: chosen,
        title: t('accountability.export.defaultTitle'),
      });
      setPkg(p);
      setVerification(await api.get<Verification>(`/api/v1/evidence/packages/${p.id}/verification`));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeading title={t('accountability.export.title')} />
      <p>
        {t('accountability.export.key')}{' '}
        <code data-testid="instance-fingerprint">{key.data?.fingerprint}</code>
      </p>
      <ErrorMessage error={error ?? perps.error} />
      <fieldset>
        <legend>{t('accountability.export.step1')}</legend>
        {perps.loading && <Loading />}
        {perps.data?.items.map((p) => (
          <label key={p.id} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(p.id)}
              onChange={(e) =>
                setChosen(e.target.checked ? [...chosen, p.id] : chosen.filter((x) => x !== p.id))
              }
            />
            {p.displayName}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('accountability.export.step2')}</legend>
        {RECIPIENTS.map((r) => (
          <label key={r} className="checkbox">
            <input type="radio" name="recipient" checked={recipient === r} onChange={() => setRecipient(r)} />
            {t(`accountability.recipients.${r}`)}
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        className="btn btn-primary"
        disabled={busy || chosen.length === 0}
        onClick={() => void build()}
      >
        {t('accountability.export.build')}
      </button>
      {pkg && (
        <section aria-live="polite">
          <h2>{t('accountability.export.step3')}</h2>
          <p>
            {t('accountability.export.included', {
              included: pkg.evidenceIncluded,
              withheld: pkg.evidenceWithheld,
            })}
          </p>
          <p>
            SHA-256: <code>{pkg.sha256}</code>
          </p>
          <p>
            <a className="btn" href={`/api/v1/evidence/packages/${pkg.id}`} download={pkg.fileName}>
              {t('accountability.export.download')}
            </a>
          </p>
          {verification && (
            <div
              className={`alert ${verification.ok ? 'alert-success' : 'alert-error'}`}
              role="status"
              data-testid="package-verification"
            >
              <p>
                {verification.ok
                  ? t('accountability.export.verified', { files: verification.filesChecked })
                  : t('accountability.export.notVerified')}
              </p>
              <ul>
                {verification.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
        </section>
      )}
    </>
  );
}
