import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { canWriteRecords, TIERS, type SourceList, type SourceStats, type Tier } from '../api/types';
import { Link, navigate, useSearchParams } from '../app/router';
import {
  ErrorMessage,
  formatDate,
  formatDateTime,
  Loading,
  PageHeading,
  Pager,
  TierBadge,
  TierOptions,
  useLoad,
} from '../app/ui';
import { useSession } from '../auth/session';

const PAGE_SIZE = 25;

const asTier = (v: string | null): Tier | '' => (TIERS.includes(v as Tier) ? (v as Tier) : '');

/** Filters live in the URL, so Back from a record returns to the same page of the same search. */
function listUrl(q: string, tier: string, page: number): string {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  if (tier) p.set('tier', tier);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `/sources?${s}` : '/sources';
}

export function SourcesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const params = useSearchParams();
  const q = (params.get('q') ?? '').slice(0, 200);
  const tier = asTier(params.get('tier'));
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);

  const [qInput, setQInput] = useState(q);
  const [tierInput, setTierInput] = useState<Tier | ''>(tier);
  // Back/forward changes the URL under the form: keep the inputs showing what is actually listed.
  useEffect(() => {
    setQInput(q);
    setTierInput(tier);
  }, [q, tier]);

  const list = useLoad(
    () =>
      api.get<SourceList>('/api/v1/sources', {
        q: q || undefined,
        tier: tier || undefined,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
    [q, tier, page],
  );
  const stats = useLoad(() => api.get<SourceStats>('/api/v1/sources/stats'), []);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    navigate(listUrl(qInput.trim(), tierInput, 1));
  };
  const clear = (): void => {
    setQInput('');
    setTierInput('');
    navigate('/sources');
  };

  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);

  return (
    <>
      <PageHeading
        title={t('sources.title')}
        actions={
          canWriteRecords(user.role) && (
            <Link to="/sources/new" className="btn btn-primary">
              {t('sources.new')}
            </Link>
          )
        }
      >
        {t('sources.title')}
      </PageHeading>

      {stats.data && (
        <section aria-labelledby="sources-stats-h" className="stats">
          <h2 id="sources-stats-h" className="visually-hidden">
            {t('sources.statsHeading')}
          </h2>
          <dl className="stats-list">
            <div>
              <dt>{t('sources.statsTotal')}</dt>
              <dd>{stats.data.total}</dd>
            </div>
            {TIERS.map((tr) => (
              <div key={tr}>
                <dt>{t(`tiers.${tr}`)}</dt>
                <dd>{stats.data?.byTier[tr] ?? 0}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      <form className="filters" role="search" aria-label={t('sources.searchLabel')} onSubmit={submit}>
        <div className="field field-grow">
          <label htmlFor="sources-q">{t('sources.search')}</label>
          <input
            id="sources-q"
            type="search"
            maxLength={200}
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="sources-tier">{t('sources.tierFilter')}</label>
          <select id="sources-tier" value={tierInput} onChange={(e) => setTierInput(asTier(e.target.value))}>
            <option value="">{t('sources.allTiers')}</option>
            <TierOptions />
          </select>
        </div>
        <div className="filter-actions">
          <button type="submit" className="btn btn-primary">
            {t('sources.searchButton')}
          </button>
          {(q || tier) && (
            <button type="button" className="btn" onClick={clear}>
              {t('common.clear')}
            </button>
          )}
        </div>
      </form>

      <ErrorMessage error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        list.data && (
          <>
            <p className="muted" aria-live="polite">
              {total === 0 ? t('sources.empty') : t('sources.showing', { first, last, count: total })}
            </p>
            {list.data.items.length > 0 && (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{t('sources.tableCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('sources.fields.title')}</th>
                      <th scope="col">{t('sources.fields.tier')}</th>
                      <th scope="col">{t('sources.fields.publisher')}</th>
                      <th scope="col">{t('sources.fields.publishedOn')}</th>
                      <th scope="col">{t('sources.fields.updatedAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.items.map((s) => (
                      <tr key={s.id}>
                        <td>
                          <Link to={`/sources/${s.id}`} className="row-link">
                            {s.title}
                          </Link>
                          {s.isDemo && <span className="badge badge-demo">{t('sources.demoRecord')}</span>}
                        </td>
                        <td>
                          <TierBadge tier={s.tier} />
                        </td>
                        <td>{s.publisher ?? <span className="muted">—</span>}</td>
                        <td className="nowrap">
                          {s.publishedOn ? formatDate(s.publishedOn) : <span className="muted">—</span>}
                        </td>
                        <td className="nowrap">{formatDateTime(s.updatedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {pages > 1 && <Pager page={page} pages={pages} onPage={(p) => navigate(listUrl(q, tier, p))} />}
          </>
        )
      )}
    </>
  );
}
