import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate } from '../app/router';
import { ErrorMessage, formatDate, Loading, Pager, useLoad } from '../app/ui';
import {
  exportUrl,
  GAP_KINDS,
  REGIMES,
  sanctionsApi,
  SCHEMA_GROUPS,
  type Gap,
  type GapFilters,
  type ListedBy,
} from './api';
import { formatCount, splitNotListed } from './format';
import { alignmentUrl, hasGapFilters } from './gapFilters';

const PAGE_SIZE = 25;

/** The gaps: filters (kept in the URL), the paged table, and export links carrying the same filters. */
export function GapsSection({
  filters,
  page,
  jurisdictions,
}: {
  filters: GapFilters;
  page: number;
  jurisdictions: string[];
}) {
  const { t } = useTranslation();
  const id = useId();
  const key = JSON.stringify(filters);
  const gaps = useLoad(() => sanctionsApi.gaps(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE), [key, page]);
  const total = gaps.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);

  return (
    <section aria-labelledby={id} className="sanctions-section">
      <h2 id={id}>{t('sanctions.gaps.title')}</h2>
      <p className="hint">{t('sanctions.gaps.lead')}</p>
      <GapFiltersForm key={key} filters={filters} jurisdictions={jurisdictions} />
      <ErrorMessage error={gaps.error} />
      {gaps.loading && !gaps.data ? (
        <Loading />
      ) : (
        gaps.data && (
          <>
            <div className="list-meta">
              <p className="muted gaps-count" aria-live="polite">
                {total === 0
                  ? t('sanctions.gaps.empty')
                  : t('sanctions.gaps.showing', {
                      first: formatCount(first),
                      last: formatCount(last),
                      count: total,
                      total: formatCount(total),
                    })}
              </p>
              <p className="export-links">
                {t('sanctions.gaps.export')}{' '}
                {(['csv', 'json', 'ftm'] as const).map((f) => (
                  <a key={f} className="btn btn-small" href={exportUrl(filters, f)} download>
                    {f === 'ftm' ? 'FollowTheMoney' : f.toUpperCase()}
                  </a>
                ))}
              </p>
            </div>
            {gaps.data.items.length > 0 && <GapsTable items={gaps.data.items} busy={gaps.loading} />}
            {pages > 1 && (
              <Pager page={page} pages={pages} onPage={(p) => navigate(alignmentUrl(filters, p))} />
            )}
          </>
        )
      )}
    </section>
  );
}

function GapFiltersForm({ filters, jurisdictions }: { filters: GapFilters; jurisdictions: string[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<GapFilters>(filters);
  const set = (k: keyof GapFilters, v: string): void => setDraft((d) => ({ ...d, [k]: v || undefined }));
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    navigate(alignmentUrl(draft));
  };
  const select = (
    k: keyof GapFilters,
    label: string,
    options: readonly { value: string; label: string }[],
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{label}</label>
      <select id={`${id}-${k}`} value={draft[k] ?? ''} onChange={(e) => set(k, e.target.value)}>
        <option value="">{t('sanctions.filters.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const js = jurisdictions.map((j) => ({ value: j, label: j }));
  return (
    <form className="filters" role="search" aria-label={t('sanctions.filters.label')} onSubmit={submit}>
      {select('listedBy', t('sanctions.filters.listedBy'), js)}
      {select('notListedBy', t('sanctions.filters.notListedBy'), js)}
      {select(
        'regime',
        t('sanctions.fields.regime'),
        REGIMES.map((r) => ({ value: r, label: t(`sanctions.regime.${r}`) })),
      )}
      {select(
        'kind',
        t('sanctions.filters.kind'),
        GAP_KINDS.map((k) => ({ value: k, label: t(`sanctions.gapKind.${k}`) })),
      )}
      {select(
        'schema',
        t('sanctions.fields.schema'),
        SCHEMA_GROUPS.map((s) => ({ value: s, label: t(`sanctions.schema.${s}`) })),
      )}
      <div className="field field-grow">
        <label htmlFor={`${id}-q`}>{t('sanctions.filters.name')}</label>
        <input
          id={`${id}-q`}
          type="search"
          maxLength={200}
          value={draft.q ?? ''}
          onChange={(e) => set('q', e.target.value)}
        />
      </div>
      <div className="filter-actions">
        <button type="submit" className="btn btn-primary">
          {t('sanctions.filters.apply')}
        </button>
        {hasGapFilters(filters) && (
          <Link to="/sanctions/alignment" className="btn">
            {t('common.clear')}
          </Link>
        )}
      </div>
    </form>
  );
}

function Listing({ l }: { l: ListedBy }) {
  const { t } = useTranslation();
  return (
    <li>
      <strong>{l.jurisdiction}</strong>{' '}
      {l.programmes.map((p, i) => (
        <span key={`${p.code}:${i}`} className="listing">
          <span className={`badge regime-${p.regime}`}>{t(`sanctions.regime.${p.regime}`)}</span>{' '}
          <span className="mono">{p.code}</span>
          {p.listedOn && <span className="nowrap"> · {formatDate(p.listedOn)}</span>}
          {p.legalBasis && <span className="muted legal-basis"> · {p.legalBasis}</span>}
        </span>
      ))}
    </li>
  );
}

function NotListed({ value }: { value: string }) {
  const { t } = useTranslation();
  const { jurisdiction, regime } = splitNotListed(value);
  return (
    <li>
      <strong>{jurisdiction}</strong>
      {regime && (
        <>
          {' '}
          {t('sanctions.gaps.underRegime', {
            regime: t(`sanctions.regime.${regime as 'Belarus' | 'Russia' | 'other'}`),
          })}
        </>
      )}
    </li>
  );
}

function GapsTable({ items, busy }: { items: Gap[]; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table gaps-table" aria-busy={busy}>
        <caption className="visually-hidden">{t('sanctions.gaps.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sanctions.fields.target')}</th>
            <th scope="col">{t('sanctions.filters.kind')}</th>
            <th scope="col">{t('sanctions.gaps.listedBy')}</th>
            <th scope="col">{t('sanctions.gaps.notListedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((g) => (
            <tr key={`${g.clusterId}:${g.kind}:${g.jurisdiction ?? ''}`}>
              <td>
                <Link to={`/sanctions/targets/${g.clusterId}`} className="row-link">
                  {g.name}
                </Link>
                <span className="muted"> · {t(`sanctions.schema.${g.schema}`)}</span>
              </td>
              <td>
                {t(`sanctions.gapKind.${g.kind}`)}
                {g.jurisdiction && <span className="muted"> ({g.jurisdiction})</span>}
              </td>
              <td>
                <ul className="plain-list">
                  {g.listedBy.map((l) => (
                    <Listing key={`${l.jurisdiction}:${l.sourceId}`} l={l} />
                  ))}
                </ul>
              </td>
              <td>
                <ul className="plain-list">
                  {g.notListedBy.map((n) => (
                    <NotListed key={n} value={n} />
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
