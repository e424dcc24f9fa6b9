import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { api } from '../api/client';
import { OUTCOMES, type AuditEntry, type AuditVerify, type Outcome } from '../api/types';
import { ErrorMessage, formatDateTime, PageHeading, toApiError } from '../app/ui';

const PAGE_SIZE = 50;

interface Filters {
  action: string;
  outcome: Outcome | '';
  from: string;
  to: string;
}

const emptyFilters: Filters = { action: '', outcome: '', from: '', to: '' };

/** Date inputs give calendar days; the API takes instants. Days are whole UTC days, as the page says. */
function query(f: Filters, beforeSeq?: number) {
  return {
    action: f.action.trim() || undefined,
    outcome: f.outcome || undefined,
    from: f.from ? `${f.from}T00:00:00.000Z` : undefined,
    to: f.to ? `${f.to}T23:59:59.999Z` : undefined,
    beforeSeq,
    limit: PAGE_SIZE,
  };
}

export function AuditPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>(emptyFilters);
  const [filters, setFilters] = useState<Filters>(emptyFilters);
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifyError, setVerifyError] = useState<ApiError | null>(null);
  const [verifying, setVerifying] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    api.get<{ items: AuditEntry[] }>('/api/v1/audit', query(filters)).then(
      (res) => {
        if (!live) return;
        setItems(res.items);
        setHasMore(res.items.length === PAGE_SIZE);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setItems([]);
        setError(toApiError(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [filters]);

  const older = async (): Promise<void> => {
    const last = items[items.length - 1];
    if (!last) return;
    setLoading(true);
    setError(null);
    try {
      const res = await api.get<{ items: AuditEntry[] }>('/api/v1/audit', query(filters, last.seq));
      setItems((prev) => [...prev, ...res.items]);
      setHasMore(res.items.length === PAGE_SIZE);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setLoading(false);
    }
  };

  const runVerify = async (): Promise<void> => {
    setVerifying(true);
    setVerify(null);
    setVerifyError(null);
    try {
      setVerify(await api.get<AuditVerify>('/api/v1/audit/verify'));
    } catch (e) {
      setVerifyError(toApiError(e));
    } finally {
      setVerifying(false);
    }
  };

  const apply = (e: FormEvent): void => {
    e.preventDefault();
    setFilters({ ...draft });
  };
  const set = <K extends keyof Filters>(k: K, v: Filters[K]): void => setDraft((d) => ({ ...d, [k]: v }));
  const filtered = JSON.stringify(filters) !== JSON.stringify(emptyFilters);

  return (
    <>
      <PageHeading
        title={t('audit.title')}
        actions={
          <button type="button" className="btn" disabled={verifying} onClick={() => void runVerify()}>
            {verifying ? t('audit.verifying') : t('audit.verify')}
          </button>
        }
      >
        {t('audit.title')}
      </PageHeading>
      <p className="lead">{t('audit.intro')}</p>

      <div aria-live="polite" className="live-region">
        {verify &&
          (verify.ok ? (
            <div className="alert alert-success" role="status">
              <p>{t('audit.verifyOk', { count: verify.rows })}</p>
            </div>
          ) : (
            <div className="alert alert-error" role="alert">
              <p>
                <strong>{t('audit.verifyBroken', { seq: verify.firstBadSeq ?? '?' })}</strong>
              </p>
              {verify.reason && <p className="mono">{verify.reason}</p>}
              <p>{t('audit.verifyBrokenHelp')}</p>
            </div>
          ))}
      </div>
      <ErrorMessage error={verifyError} />

      <form className="filters" aria-label={t('audit.filters')} onSubmit={apply}>
        <div className="field">
          <label htmlFor="audit-action">{t('audit.fields.action')}</label>
          <input
            id="audit-action"
            maxLength={64}
            spellCheck={false}
            placeholder="source.update"
            value={draft.action}
            onChange={(e) => set('action', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-outcome">{t('audit.fields.outcome')}</label>
          <select
            id="audit-outcome"
            value={draft.outcome}
            onChange={(e) => set('outcome', e.target.value as Outcome | '')}
          >
            <option value="">{t('audit.anyOutcome')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`audit.outcomes.${o}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <input
            id="audit-from"
            type="date"
            value={draft.from}
            onChange={(e) => set('from', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <input id="audit-to" type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} />
        </div>
        <div className="filter-actions">
          <button type="submit" className="btn btn-primary">
            {t('audit.apply')}
          </button>
          {filtered && (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setDraft(emptyFilters);
                setFilters(emptyFilters);
              }}
            >
              {t('common.clear')}
            </button>
          )}
        </div>
      </form>
      <p className="hint">{t('audit.utcNote')}</p>

      <ErrorMessage error={error} />
      {!loading && items.length === 0 && !error && <p className="muted">{t('audit.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact">
            <caption className="visually-hidden">{t('audit.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('audit.fields.seq')}
                </th>
                <th scope="col">{t('audit.fields.at')}</th>
                <th scope="col">{t('audit.fields.actor')}</th>
                <th scope="col">{t('audit.fields.action')}</th>
                <th scope="col">{t('audit.fields.entity')}</th>
                <th scope="col">{t('audit.fields.tier')}</th>
                <th scope="col">{t('audit.fields.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.seq}>
                  <td className="num mono">{e.seq}</td>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>{e.actorUsername ?? <span className="muted">{t('audit.system')}</span>}</td>
                  <td className="mono">{e.action}</td>
                  <td>
                    {e.entityType ? (
                      <>
                        {t(`audit.entityTypes.${e.entityType as 'source'}`, { defaultValue: e.entityType })}{' '}
                        {e.entityId && (
                          <span className="mono muted" title={e.entityId}>
                            {e.entityId.slice(0, 8)}
                          </span>
                        )}
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    {e.tier ? (
                      t(`tiers.${e.tier as 'public'}`, { defaultValue: e.tier })
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <span className={`badge outcome-${e.outcome}`}>
                      {t(`audit.outcomes.${e.outcome as Outcome}`, { defaultValue: e.outcome })}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {loading && (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {hasMore && !loading && (
        <div className="pagination">
          <button type="button" className="btn" onClick={() => void older()}>
            {t('audit.older')}
          </button>
        </div>
      )}
    </>
  );
}
