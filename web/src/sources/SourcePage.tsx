import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { api } from '../api/client';
import { canWriteRecords, type Ok, type Source } from '../api/types';
import { Link, navigate } from '../app/router';
import {
  ErrorMessage,
  formatDate,
  formatDateTime,
  Loading,
  LoadFailed,
  PageHeading,
  TierBadge,
  toApiError,
  useLoad,
} from '../app/ui';
import { useSession } from '../auth/session';

export function SourcePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const source = useLoad(() => api.get<Source>(`/api/v1/sources/${id}`), [id]);
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const deleteRef = useRef<HTMLButtonElement>(null);

  if (source.loading && !source.data) return <Loading />;
  if (!source.data) {
    return (
      <LoadFailed
        title={t('sources.recordTitle')}
        error={source.error}
        back={{ to: '/sources', label: t('sources.backToList') }}
      />
    );
  }
  const s = source.data;
  const writable = canWriteRecords(user.role);

  const remove = async (): Promise<void> => {
    setBusy(true);
    setDeleteError(null);
    try {
      await api.delete<Ok>(`/api/v1/sources/${s.id}`);
      navigate('/sources');
    } catch (e) {
      setDeleteError(toApiError(e));
      setBusy(false);
    }
  };

  const value = (v: string | null) => v ?? <span className="muted">{t('common.notSet')}</span>;

  return (
    <>
      <PageHeading
        title={s.title}
        back={{ to: '/sources', label: t('sources.backToList') }}
        actions={
          writable && (
            <>
              <Link to={`/sources/${s.id}/edit`} className="btn btn-primary">
                {t('common.edit')}
              </Link>
              <button
                ref={deleteRef}
                type="button"
                className="btn btn-danger-outline"
                aria-expanded={confirming}
                aria-controls="delete-confirm"
                onClick={() => setConfirming(true)}
              >
                {t('common.delete')}
              </button>
            </>
          )
        }
      >
        {s.title}
      </PageHeading>
      <p className="record-badges">
        <TierBadge tier={s.tier} />
        {s.isDemo && <span className="badge badge-demo">{t('sources.demoRecord')}</span>}
      </p>

      {confirming && (
        <div id="delete-confirm" className="confirm" role="group" aria-labelledby="delete-confirm-h">
          <h2 id="delete-confirm-h">{t('sources.deleteConfirmTitle')}</h2>
          <p>{t('sources.deleteConfirmBody')}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void remove()}>
              {t('sources.deleteConfirm')}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                setConfirming(false);
                deleteRef.current?.focus();
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorMessage error={deleteError} />

      <section aria-labelledby="details-h" className="panel">
        <h2 id="details-h">{t('sources.details')}</h2>
        <dl className="details">
          <dt>{t('sources.fields.url')}</dt>
          <dd>
            {s.url ? (
              <a href={s.url} rel="noopener noreferrer" target="_blank" className="break">
                {s.url}
              </a>
            ) : (
              value(null)
            )}
          </dd>
          <dt>{t('sources.fields.publisher')}</dt>
          <dd>{value(s.publisher)}</dd>
          <dt>{t('sources.fields.publishedOn')}</dt>
          <dd>{s.publishedOn ? formatDate(s.publishedOn) : value(null)}</dd>
          <dt>{t('sources.fields.language')}</dt>
          <dd>
            {s.language
              ? t(`sourceLanguages.${s.language as 'other'}`, { defaultValue: s.language })
              : value(null)}
          </dd>
          <dt>{t('sources.fields.createdAt')}</dt>
          <dd>{formatDateTime(s.createdAt)}</dd>
          <dt>{t('sources.fields.updatedAt')}</dt>
          <dd>{formatDateTime(s.updatedAt)}</dd>
          <dt>{t('sources.fields.version')}</dt>
          <dd>{s.version}</dd>
        </dl>
      </section>

      <section aria-labelledby="notes-h" className="panel">
        <h2 id="notes-h">
          {t('sources.fields.notes')} <TierBadge tier={s.notesTier} />
        </h2>
        {s.notesHidden ? (
          <p className="notice">{t('sources.notesHidden')}</p>
        ) : s.notes ? (
          <p className="notes">{s.notes}</p>
        ) : (
          <p className="muted">{t('sources.noNotes')}</p>
        )}
      </section>
    </>
  );
}
