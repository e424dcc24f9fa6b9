import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../api/client';
import { canWriteRecords, type Tier } from '../api/types';
import { Link } from '../app/router';
import {
  ErrorMessage,
  formatDateTime,
  Loading,
  PageHeading,
  TierBadge,
  toApiError,
  useLoad,
} from '../app/ui';
import { useSession } from '../auth/session';
import { KINDS, RECIPIENTS, uploadEvidence, type Custody, type Evidence, type Recipient } from './api';
import { ListTable } from './ListTable';
import { TierSelect } from './fields';
import { LinkPicker } from './PerpetratorEditors';

const size = (n: number): string => (n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${n} B`);

export function EvidencePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const list = useLoad(() => api.get<{ items: Evidence[] }>('/api/v1/evidence', { limit: 100 }), []);
  const [file, setFile] = useState<File | null>(null);
  const [meta, setMeta] = useState({ title: '', kind: 'document', tier: 'internal' as Tier, links: '' });
  const [consent, setConsent] = useState<Recipient[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [done, setDone] = useState<Evidence | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setDone(null);
    setProgress(0);
    try {
      const item = await uploadEvidence(
        file,
        {
          tier: meta.tier,
          kind: meta.kind,
          title: meta.title || file.name,
          fileName: file.name,
          consent: consent.join(','),
          links: meta.links.trim(),
        },
        setProgress,
      );
      setDone(item);
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setProgress(null);
    }
  };
  return (
    <>
      <PageHeading title={t('accountability.evidence.title')} />
      {canWriteRecords(user.role) && (
        <section>
          <h2>{t('accountability.evidence.upload')}</h2>
          <ErrorMessage error={error} />
          <form className="form" onSubmit={(e) => void submit(e)}>
            <label>
              {t('accountability.evidence.file')}
              <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </label>
            <label>
              {t('accountability.evidence.itemTitle')}
              <input value={meta.title} onChange={(e) => setMeta({ ...meta, title: e.target.value })} />
            </label>
            <label>
              {t('accountability.evidence.kind')}
              <select value={meta.kind} onChange={(e) => setMeta({ ...meta, kind: e.target.value })}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`accountability.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <TierSelect value={meta.tier} onChange={(tier) => setMeta({ ...meta, tier })} />
            <ConsentBoxes value={consent} onChange={setConsent} />
            <LinkPicker
              onPick={(ref) =>
                setMeta((m) => ({
                  ...m,
                  links: m.links.split(/[\s,]+/).includes(ref)
                    ? m.links
                    : [m.links.trim(), ref].filter(Boolean).join(', '),
                }))
              }
            />
            <label>
              {t('accountability.evidence.links')}
              <input
                value={meta.links}
                onChange={(e) => setMeta({ ...meta, links: e.target.value })}
                placeholder="perpetrator:<id>"
              />
            </label>
            <button type="submit" className="btn btn-primary" disabled={!file || progress !== null}>
              {t('accountability.evidence.uploadButton')}
            </button>
            {progress !== null && (
              <progress max={1} value={progress} aria-label={t('accountability.evidence.progress')} />
            )}
          </form>
          {done && (
            <div className="alert alert-success" role="status">
              <p>{t('accountability.evidence.uploaded')}</p>
              <p>
                SHA-256: <code data-testid="uploaded-sha256">{done.sha256}</code>
              </p>
              <Link to={`/accountability/evidence/${done.id}`}>{done.title}</Link>
            </div>
          )}
        </section>
      )}
      <ListTable
        list={list}
        headings={[
          t('accountability.evidence.itemTitle'),
          t('accountability.evidence.kind'),
          'SHA-256',
          t('accountability.common.tier'),
        ]}
      >
        {list.data?.items.map((e) => (
          <tr key={e.id}>
            <td>
              <Link to={`/accountability/evidence/${e.id}`}>{e.title}</Link>
              {e.derivation && (
                <span className="muted"> ({t(`accountability.evidence.${e.derivation}`)})</span>
              )}
            </td>
            <td>{t(`accountability.kinds.${e.kind}`)}</td>
            <td>
              <code>{e.sha256.slice(0, 16)}…</code> {size(e.size)}
            </td>
            <td>
              <TierBadge tier={e.tier} />
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}

function ConsentBoxes({ value, onChange }: { value: Recipient[]; onChange: (v: Recipient[]) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('accountability.evidence.consent')}</legend>
      {RECIPIENTS.map((r) => (
        <label key={r} className="checkbox">
          <input
            type="checkbox"
            checked={value.includes(r)}
            onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
          />
          {t(`accountability.recipients.${r}`)}
        </label>
      ))}
    </fieldset>
  );
}

export function EvidenceItemPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const item = useLoad(() => api.get<Evidence>(`/api/v1/evidence/${id}`), [id]);
  const custody = useLoad(() => api.get<Custody>(`/api/v1/evidence/${id}/custody`), [id]);
  const [check, setCheck] = useState<boolean | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (item.loading) return <Loading />;
  if (!item.data) return <ErrorMessage error={item.error} />;
  const e = item.data;
  const saveConsent = async (consent: Recipient[]): Promise<void> => {
    try {
      await api.patch(`/api/v1/evidence/${id}`, { consent, version: e.version });
      item.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <>
      <PageHeading title={e.title}>{e.title}</PageHeading>
      <ErrorMessage error={error} />
      <dl className="facts">
        <dt>{t('accountability.common.tier')}</dt>
        <dd>
          <TierBadge tier={e.tier} />
        </dd>
        <dt>SHA-256</dt>
        <dd>
          <code data-testid="item-sha256">{e.sha256}</code>
        </dd>
        <dt>{t('accountability.evidence.size')}</dt>
        <dd>{size(e.size)}</dd>
        <dt>{t('accountability.evidence.file')}</dt>
        <dd>{e.fileName}</dd>
        <dt>{t('accountability.evidence.consent')}</dt>
        <dd>
          {e.consent.length
            ? e.consent.map((r) => t(`accountability.recipients.${r}`)).join(', ')
            : t('accountability.recipients.nobody')}
          <div className="muted">
            {e.consentRecordedBy}, {formatDateTime(e.consentRecordedAt)}
          </div>
        </dd>
      </dl>
      {canWriteRecords(user.role) && <ConsentBoxes value={e.consent} onChange={(v) => void saveConsent(v)} />}
      <p>
        <a className="btn" href={`/api/v1/evidence/${id}/content`}>
          {t('accountability.evidence.download')}
        </a>{' '}
        <button
          type="button"
          className="btn"
          onClick={() =>
            void api.post<{ intact: boolean }>(`/api/v1/evidence/${id}/verify`).then(
              (r) => setCheck(r.intact),
              (err: unknown) => setError(toApiError(err)),
            )
          }
        >
          {t('accountability.evidence.verify')}
        </button>{' '}
        {check !== null && (
          <strong>
            {check ? t('accountability.evidence.intact') : t('accountability.evidence.tampered')}
          </strong>
        )}
      </p>
      <h2>{t('accountability.evidence.custody')}</h2>
      <table className="table">
        <tbody>
          {custody.data?.items.map((c) => (
            <tr key={c.seq}>
              <td>{formatDateTime(c.at)}</td>
              <td>{t(`accountability.custodyEvents.${c.event}`)}</td>
              <td>{c.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
