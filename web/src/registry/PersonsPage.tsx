import { useTranslation } from 'react-i18next';
import { canWriteRecords, type Role } from '../api/types';
import { Link, navigate, useSearchParams } from '../app/router';
import { ErrorMessage, formatDate, Loading, PageHeading, Pager, TierBadge, useLoad } from '../app/ui';
import { useSession } from '../auth/session';
import { downloadUrl, registryApi } from './api';
import { filtersFromParams, personsUrl } from './filters';
import { FiltersForm } from './FiltersForm';
import { useLabels } from './labels';
import type { PersonSummary } from './types';

const PAGE_SIZE = 50;

/** The analyst role reads aggregates only (src/core/access.ts). */
export const canReadRecords = (role: Role): boolean => role !== 'analyst';

export function PersonsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const params = useSearchParams();
  const filters = filtersFromParams(params);
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const key = JSON.stringify(filters);
  const list = useLoad(
    () =>
      canReadRecords(user.role)
        ? registryApi.list(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        : Promise.resolve(null),
    [key, page],
  );
  const writable = canWriteRecords(user.role);

  if (!canReadRecords(user.role)) {
    return (
      <>
        <PageHeading title={t('registry.list.title')} />
        <p className="notice">{t('registry.list.aggregatesOnly')}</p>
        <Link to="/registry/statistics">{t('registry.nav.statistics')}</Link>
      </>
    );
  }

  const total = list.data?.total ?? 0;
  // A capped total is "more than total": the page count is unknown and a next page exists.
  const capped = list.data?.totalCapped ?? false;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);
  const { q: _q, ...exportFilters } = filters;

  return (
    <>
      <PageHeading
        title={t('registry.list.title')}
        actions={
          writable && (
            <>
              <Link to="/registry/new" className="btn btn-primary">
                {t('registry.list.new')}
              </Link>
              <Link to="/registry/import" className="btn">
                {t('registry.nav.import')}
              </Link>
            </>
          )
        }
      >
        {t('registry.list.title')}
      </PageHeading>
      <p className="lead">
        {t('registry.list.lead')}{' '}
        {/* Server-rendered and usable without JavaScript, so a plain link rather than a client route. */}
        <a href="/public">{t('registry.list.publicPage')}</a>
      </p>

      <FiltersForm filters={filters} />

      <ErrorMessage error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        list.data && (
          <>
            <div className="list-meta">
              <p className="muted" aria-live="polite">
                {total === 0
                  ? t('registry.list.empty')
                  : capped
                    ? t('registry.list.showingMore', {
                        first,
                        last,
                        total: total.toLocaleString(i18n.language),
                      })
                    : t('registry.list.showing', { first, last, count: total })}
              </p>
              <p className="export-links">
                {t('registry.list.export')}{' '}
                {(['csv', 'json', 'ftm.jsonl'] as const).map((f) => (
                  <a
                    key={f}
                    className="btn btn-small"
                    href={downloadUrl(`/api/v1/registry/export.${f}`, exportFilters)}
                    download
                  >
                    {t(`registry.list.exportFormats.${f === 'ftm.jsonl' ? 'ftm' : f}`)}
                  </a>
                ))}
              </p>
            </div>
            {list.data.items.length > 0 && <PersonsTable items={list.data.items} />}
            {(pages > 1 || capped) && (
              <Pager
                page={page}
                pages={pages}
                more={capped}
                onPage={(p) => navigate(personsUrl(filters, p))}
              />
            )}
          </>
        )
      )}
    </>
  );
}

function PersonsTable({ items }: { items: PersonSummary[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('registry.list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('registry.fields.name')}</th>
            <th scope="col">{t('registry.fields.status')}</th>
            <th scope="col">{t('registry.fields.articles')}</th>
            <th scope="col">{t('registry.fields.facility')}</th>
            <th scope="col">{t('registry.fields.detainedOn')}</th>
            <th scope="col">{t('registry.fields.region')}</th>
            <th scope="col">{t('registry.fields.consent')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/registry/persons/${p.id}`} className="row-link">
                  {p.displayName}
                </Link>
                {p.identityHidden && (
                  <span className="badge badge-anon">{t('registry.record.anonymised')}</span>
                )}
                {!p.identityHidden && <span className="muted ref-code"> {p.refCode}</span>}
                {p.names && p.names.length > 1 && (
                  <span className="muted alt-names">
                    {p.names
                      .filter((n) => n.value !== p.displayName)
                      .map((n) => n.value)
                      .join(' · ')}
                  </span>
                )}
                {p.isDemo && <span className="badge badge-demo">{t('registry.record.demo')}</span>}
              </td>
              <td>
                <span className={`badge status-${p.currentStatus ?? 'none'}`}>
                  {labels.status(p.currentStatus)}
                </span>
              </td>
              <td className="mono">{p.articles.join(', ') || '—'}</td>
              <td>{p.facility ?? <span className="muted">—</span>}</td>
              <td className="nowrap">
                {p.detainedOn ? formatDate(p.detainedOn) : <span className="muted">—</span>}
              </td>
              <td>{p.region ? labels.region(p.region) : <span className="muted">—</span>}</td>
              <td>
                <TierBadge tier={p.tier} /> <span className="muted">{labels.consent(p.consent)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
