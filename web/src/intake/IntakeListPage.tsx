import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../api/client';
import { Link } from '../app/router';
import { ErrorMessage, Loading, PageHeading, toApiError } from '../app/ui';
import { INTAKE_STATUSES, type IntakeStatus, type Submission } from './api';
import { KeyPanel } from './KeyPanel';

export function IntakeListPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<Submission[] | null>(null);
  const [status, setStatus] = useState<IntakeStatus | ''>('');
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    api.get<{ items: Submission[] }>('/api/v1/intake/submissions', status ? { status } : undefined).then(
      (r) => setItems(r.items),
      (e: unknown) => setError(toApiError(e)),
    );
  }, [status]);

  return (
    <>
      <PageHeading title={t('intake.title')} />
      <p>{t('intake.intro')}</p>
      <KeyPanel />
      <ErrorMessage error={error} />
      <div className="field">
        <label htmlFor="intake-status-filter">{t('intake.status')}</label>
        <select
          id="intake-status-filter"
          value={status}
          onChange={(e) => setStatus(e.target.value as IntakeStatus | '')}
        >
          <option value="">{t('intake.all')}</option>
          {INTAKE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`intake.statuses.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {!items ? (
        <Loading />
      ) : items.length === 0 ? (
        <p>{t('intake.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('intake.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('intake.receivedOn')}</th>
                <th scope="col">{t('intake.status')}</th>
                <th scope="col">{t('intake.tags')}</th>
                <th scope="col">{t('intake.path')}</th>
                <th scope="col">{t('intake.expiresOn')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/intake/${s.id}`}>
                      {s.receivedOn}
                      {s.unread ? ` · ${t('intake.unread')}` : ''}
                    </Link>
                  </td>
                  <td>{t(`intake.statuses.${s.status}`)}</td>
                  <td>{s.tags.join(', ')}</td>
                  <td>{t(`intake.paths.${s.path}`)}</td>
                  <td>{s.keep ? t('intake.kept') : (s.expiresOn ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
