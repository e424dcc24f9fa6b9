import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canWriteRecords } from '../api/types';
import { Link, navigate, useSearchParams } from '../app/router';
import { ErrorMessage, Loading, PageHeading, Pager, SuccessMessage, toApiError, useLoad } from '../app/ui';
import type { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { DECISIONS, sanctionsApi, type Decision, type ReviewPair, type ReviewSide } from './api';
import { formatCount } from './format';

const PAGE_SIZE = 20;
const STATUSES = ['pending', 'unsure', 'all'] as const;
type Status = (typeof STATUSES)[number];

/**
 * The resolution review queue: pairs of list entries the matcher could neither join nor keep apart.
 * Editors and admins decide (accept joins the two clusters; reject and unsure are reused by the next
 * resolution run); every other role reads.
 */
export function ReviewPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const params = useSearchParams();
  const raw = params.get('status');
  const status: Status = (STATUSES as readonly string[]).includes(raw ?? '') ? (raw as Status) : 'pending';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const queue = useLoad(() => sanctionsApi.review(status, PAGE_SIZE, (page - 1) * PAGE_SIZE), [status, page]);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const writable = canWriteRecords(user.role);
  const id = useId();
  const url = (s: Status, p = 1): string => `/sanctions/review?status=${s}${p > 1 ? `&page=${p}` : ''}`;

  const decide = async (pair: ReviewPair, decision: Decision): Promise<void> => {
    setBusy(pair.id);
    setError(null);
    setDone(null);
    try {
      await sanctionsApi.decide(pair.id, decision);
      setDone(t(`sanctions.review.done.${decision}`));
      queue.reload();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  const total = queue.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <PageHeading title={t('sanctions.review.title')} />
      <p className="lead">{t('sanctions.review.lead')}</p>
      {!writable && <p className="notice">{t('sanctions.review.readOnly')}</p>}
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('sanctions.review.status')}</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(e) => navigate(url(e.target.value as Status))}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`sanctions.review.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={queue.error ?? error} />
      <SuccessMessage message={done} />
      {queue.loading && !queue.data ? (
        <Loading />
      ) : (
        queue.data && (
          <>
            <p className="muted" aria-live="polite">
              {total === 0
                ? t('sanctions.review.empty')
                : t('sanctions.review.count', { count: total, total: formatCount(total) })}
            </p>
            <ol className="review-list">
              {queue.data.items.map((p) => (
                <li key={p.id} className="review-pair">
                  <PairTable pair={p} />
                  <p className="review-meta">
                    <span>{t('sanctions.review.score', { score: p.score.toFixed(2) })}</span>
                    {p.reasons.length > 0 && <span className="muted"> · {p.reasons.join('; ')}</span>}
                    {p.decision && (
                      <span className="badge">{t(`sanctions.review.decision.${p.decision}`)}</span>
                    )}
                  </p>
                  {writable && (
                    <div
                      className="form-actions review-actions"
                      role="group"
                      aria-label={t('sanctions.review.decide')}
                    >
                      {DECISIONS.map((d) => (
                        <button
                          key={d}
                          type="button"
                          className={d === 'accept' ? 'btn btn-primary' : 'btn'}
                          disabled={busy !== null}
                          aria-pressed={p.decision === d}
                          onClick={() => void decide(p, d)}
                        >
                          {t(`sanctions.review.actions.${d}`)}
                        </button>
                      ))}
                    </div>
                  )}
                </li>
              ))}
            </ol>
            {pages > 1 && <Pager page={page} pages={pages} onPage={(p) => navigate(url(status, p))} />}
          </>
        )
      )}
    </>
  );
}

/** The two entries side by side, one row per fact, so that differences read across. */
function PairTable({ pair }: { pair: ReviewPair }) {
  const { t } = useTranslation();
  const side = (s: ReviewSide) =>
    s.clusterId ? (
      <Link to={`/sanctions/targets/${s.clusterId}`} className="row-link">
        {s.name}
      </Link>
    ) : (
      <strong>{s.name}</strong>
    );
  const row = (label: string, f: (s: ReviewSide) => string) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{f(pair.a) || '—'}</td>
      <td>{f(pair.b) || '—'}</td>
    </tr>
  );
  return (
    <div className="table-wrap">
      <table className="table table-compact review-table">
        <caption className="visually-hidden">{t('sanctions.review.pair')}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">{side(pair.a)}</th>
            <th scope="col">{side(pair.b)}</th>
          </tr>
        </thead>
        <tbody>
          {row(t('sanctions.fields.entry'), (s) => `${s.dataset} · ${s.sourceId}`)}
          {row(t('sanctions.fields.schema'), (s) => s.schema)}
          {row(t('sanctions.target.names'), (s) => s.names.join(' · '))}
          {row(t('sanctions.target.birthDates'), (s) => s.birthDates.join(', '))}
          {row(t('sanctions.target.countries'), (s) => s.countries.join(', '))}
          {row(t('sanctions.fields.programme'), (s) => s.programmes.join(', '))}
        </tbody>
      </table>
    </div>
  );
}
