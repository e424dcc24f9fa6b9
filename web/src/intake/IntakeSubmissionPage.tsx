import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../api/client';
import { Link, navigate } from '../app/router';
import { ErrorMessage, Loading, PageHeading, SuccessMessage, toApiError } from '../app/ui';
import { INTAKE_STATUSES, type IntakeStatus, type SubmissionDetail } from './api';
import { KeyPanel } from './KeyPanel';

const CONSENTS = ['confidential', 'sealed', 'anonymised', 'public'] as const;

/** One submission: the conversation, attachments, reply, triage into the registry, retention, deletion. */
export function IntakeSubmissionPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<SubmissionDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [locked, setLocked] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [reply, setReply] = useState('');
  const [tags, setTags] = useState('');
  const [personName, setPersonName] = useState('');
  const [consent, setConsent] = useState<(typeof CONSENTS)[number]>('confidential');

  const load = useCallback(async () => {
    try {
      const d = await api.get<SubmissionDetail>(`/api/v1/intake/submissions/${id}`);
      setDetail(d);
      setTags(d.tags.join(', '));
      setLocked(false);
    } catch (e) {
      const err = toApiError(e);
      if (err.code === 'CONFLICT') setLocked(true);
      else setError(err);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (fn: () => Promise<unknown>, done: string): Promise<void> => {
    setError(null);
    setNotice(null);
    try {
      await fn();
      setNotice(done);
      await load();
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const sendReply = (e: FormEvent): void => {
    e.preventDefault();
    void act(async () => {
      await api.post(`/api/v1/intake/submissions/${id}/replies`, { text: reply });
      setReply('');
    }, t('intake.replySent'));
  };
  const saveTags = (e: FormEvent): void => {
    e.preventDefault();
    const list = tags
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    void act(() => api.patch(`/api/v1/intake/submissions/${id}`, { tags: list }), t('intake.saved'));
  };
  const triage = (e: FormEvent): void => {
    e.preventDefault();
    void act(
      () =>
        api.post(`/api/v1/intake/submissions/${id}/triage`, {
          person: { consent, names: [{ script: 'latn', kind: 'primary', value: personName }] },
        }),
      t('intake.triaged'),
    );
  };
  const remove = (): void => {
    if (!window.confirm(t('intake.deleteConfirm'))) return;
    void (async () => {
      try {
        await api.delete(`/api/v1/intake/submissions/${id}`);
        navigate('/intake');
      } catch (e) {
        setError(toApiError(e));
      }
    })();
  };

  const title = t('intake.submission');
  if (locked)
    return (
      <>
        <PageHeading title={title}>{title}</PageHeading>
        <KeyPanel onChange={(s) => s.unlocked && void load()} />
      </>
    );
  if (!detail)
    return (
      <>
        <ErrorMessage error={error} />
        {!error && <Loading />}
      </>
    );

  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p>
        <Link to="/intake">{t('intake.back')}</Link>
      </p>
      <ErrorMessage error={error} />
      <SuccessMessage message={notice} />
      <dl className="facts">
        <dt>{t('intake.receivedOn')}</dt>
        <dd>{detail.receivedOn}</dd>
        <dt>{t('intake.path')}</dt>
        <dd>{t(`intake.paths.${detail.path}`)}</dd>
        <dt>{t('intake.status')}</dt>
        <dd>{t(`intake.statuses.${detail.status}`)}</dd>
        <dt>{t('intake.expiresOn')}</dt>
        <dd>{detail.keep ? t('intake.kept') : (detail.expiresOn ?? '')}</dd>
        <dt>{t('intake.hash')}</dt>
        <dd>
          <code>{detail.contentHash}</code>
        </dd>
      </dl>

      <h2>{t('intake.conversation')}</h2>
      {!detail.readable && <p>{t('intake.notForYourKey')}</p>}
      <ol className="intake-messages">
        {detail.messages.map((m) => (
          <li key={m.id} className={`intake-message from-${m.author}`}>
            <p className="meta">
              {m.on} · {t(`intake.authors.${m.author}`)}
            </p>
            {m.body?.answers ? (
              <dl>
                {Object.entries(m.body.answers).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd className="pre-wrap">{v}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="pre-wrap">{m.body?.text ?? t('intake.unreadable')}</p>
            )}
          </li>
        ))}
      </ol>

      {detail.files.length > 0 && (
        <>
          <h2>{t('intake.files')}</h2>
          <ul>
            {detail.files.map((f) => (
              <li key={f.id}>
                {f.meta ? `${f.meta.name} (${f.meta.type}, ${f.meta.size} B)` : t('intake.unreadable')}{' '}
                <a href={`/api/v1/intake/submissions/${id}/files/${f.id}`}>{t('intake.original')}</a>{' '}
                <a href={`/api/v1/intake/submissions/${id}/files/${f.id}?variant=stripped`}>
                  {t('intake.stripped')}
                </a>
              </li>
            ))}
          </ul>
          <p className="hint">{t('intake.strippedHint')}</p>
        </>
      )}

      <h2>{t('intake.reply')}</h2>
      <form onSubmit={sendReply}>
        <div className="field">
          <label htmlFor="intake-reply">{t('intake.replyLabel')}</label>
          <textarea
            id="intake-reply"
            rows={4}
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            required
          />
        </div>
        <button type="submit" className="btn btn-primary">
          {t('intake.sendReply')}
        </button>
      </form>

      <h2>{t('intake.triage')}</h2>
      <form onSubmit={saveTags} className="form-inline">
        <div className="field">
          <label htmlFor="intake-tags">{t('intake.tags')}</label>
          <input id="intake-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
        </div>
        <button type="submit" className="btn">
          {t('intake.save')}
        </button>
      </form>
      <div className="form-actions">
        <label htmlFor="intake-status">{t('intake.status')}</label>
        <select
          id="intake-status"
          value={detail.status}
          onChange={(e) =>
            void act(
              () => api.patch(`/api/v1/intake/submissions/${id}`, { status: e.target.value as IntakeStatus }),
              t('intake.saved'),
            )
          }
        >
          {INTAKE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`intake.statuses.${s}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn"
          onClick={() =>
            void act(
              () => api.patch(`/api/v1/intake/submissions/${id}`, { keep: !detail.keep }),
              t('intake.saved'),
            )
          }
        >
          {detail.keep ? t('intake.unkeep') : t('intake.keep')}
        </button>
      </div>

      <h3>{t('intake.toRegistry')}</h3>
      <form onSubmit={triage}>
        <div className="field">
          <label htmlFor="intake-person-name">{t('intake.personName')}</label>
          <input
            id="intake-person-name"
            value={personName}
            onChange={(e) => setPersonName(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="intake-consent">{t('intake.consent')}</label>
          <select
            id="intake-consent"
            value={consent}
            onChange={(e) => setConsent(e.target.value as (typeof CONSENTS)[number])}
          >
            {CONSENTS.map((c) => (
              <option key={c} value={c}>
                {t(`intake.consents.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary">
          {t('intake.createRecord')}
        </button>
      </form>

      {detail.links.length > 0 && (
        <section aria-labelledby="intake-custody">
          <h3 id="intake-custody">{t('intake.custody')}</h3>
          {detail.links.map((l) => (
            <div key={l.id}>
              <p>
                {l.entityType === 'person' ? (
                  <Link to={`/registry/persons/${l.entityId}`}>{t('intake.openRecord')}</Link>
                ) : (
                  t('intake.evidenceItem', { id: l.entityId })
                )}
              </p>
              <ol className="custody-log">
                {l.custody.map((c, i) => (
                  <li key={i}>
                    {c.on} — {c.event}
                    {c.sha256 ? ` — SHA-256 ${c.sha256}` : ''}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </section>
      )}

      <div className="form-actions">
        <button type="button" className="btn btn-danger" onClick={remove}>
          {t('intake.delete')}
        </button>
      </div>
    </>
  );
}
