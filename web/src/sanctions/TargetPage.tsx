import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { ErrorMessage, formatDate, Loading, PageHeading, useLoad } from '../app/ui';
import { sanctionsApi, type Member } from './api';

const orDash = (v: string | null | undefined) => v || <span className="muted">—</span>;

/** One resolved target: every list entry that resolution put in its cluster, with all that entry says. */
export function TargetPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const target = useLoad(() => sanctionsApi.target(id), [id]);
  const c = target.data;
  const title = c?.name ?? t('sanctions.target.title');
  return (
    <>
      <p className="back-link">
        <Link to="/sanctions/alignment">{t('sanctions.target.back')}</Link>
      </p>
      <ErrorMessage error={target.error} />
      {target.loading && !c ? (
        <Loading />
      ) : (
        c && (
          <>
            <PageHeading title={title}>{c.name}</PageHeading>
            <p className="record-badges">
              <span className="badge">{t(`sanctions.schema.${schemaKey(c.schema)}`)}</span>{' '}
              {c.belarusLinked && (
                <span className="badge badge-belarus">{t('sanctions.target.belarusLinked')}</span>
              )}{' '}
              <span className="muted">{t('sanctions.target.entries', { count: c.members.length })}</span>
            </p>
            <ListingsTable members={c.members} />
            {c.members.map((m) => (
              <MemberSection key={m.memberKey} m={m} />
            ))}
            {c.reviewPairs.length > 0 && (
              <p className="notice">
                {t('sanctions.target.pendingReview', { count: c.reviewPairs.length })}{' '}
                <Link to="/sanctions/review">{t('sanctions.review.title')}</Link>
              </p>
            )}
          </>
        )
      )}
    </>
  );
}

function schemaKey(schema: string): 'Person' | 'Entity' | 'Vessel' | 'Airplane' {
  return schema === 'Person' || schema === 'Vessel' || schema === 'Airplane' ? schema : 'Entity';
}

/** Every listing of the target, across all lists, in one table: the comparison the page exists for. */
function ListingsTable({ members }: { members: Member[] }) {
  const { t } = useTranslation();
  const rows = members.flatMap((m) => m.listings.map((l) => ({ m, l })));
  return (
    <section aria-labelledby="target-listings">
      <h2 id="target-listings">{t('sanctions.target.listings')}</h2>
      <div className="table-wrap">
        <table className="table table-compact">
          <caption className="visually-hidden">{t('sanctions.target.listings')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sanctions.fields.jurisdiction')}</th>
              <th scope="col">{t('sanctions.fields.programme')}</th>
              <th scope="col">{t('sanctions.fields.regime')}</th>
              <th scope="col">{t('sanctions.fields.legalBasis')}</th>
              <th scope="col">{t('sanctions.fields.listedOn')}</th>
              <th scope="col">{t('sanctions.fields.entry')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ m, l }, i) => (
              <tr key={`${m.memberKey}:${l.programme}:${i}`}>
                <th scope="row">{l.jurisdiction}</th>
                <td className="mono">{l.programme}</td>
                <td>
                  <span className={`badge regime-${l.regime}`}>{t(`sanctions.regime.${l.regime}`)}</span>
                </td>
                <td>{orDash(l.legalBasis)}</td>
                <td className="nowrap">{l.listedOn ? formatDate(l.listedOn) : orDash(null)}</td>
                <td className="mono">{m.sourceId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function MemberSection({ m }: { m: Member }) {
  const { t } = useTranslation();
  const hid = `member-${m.memberKey.replace(/[^\w-]/g, '_')}`;
  return (
    <section aria-labelledby={hid} className="member">
      <h2 id={hid}>
        {m.name}{' '}
        <span className="muted member-source">
          · {m.jurisdiction ?? m.dataset} · {m.sourceId}
        </span>
      </h2>
      <dl className="details">
        <dt>{t('sanctions.fields.dataset')}</dt>
        <dd>
          <span className="mono">{m.dataset}</span> · {formatDate(m.snapshotDate)}
        </dd>
        <dt>{t('sanctions.fields.schema')}</dt>
        <dd>{m.schema}</dd>
        <dt>{t('sanctions.target.method')}</dt>
        <dd>
          {m.method}
          {m.score !== null && <span className="muted"> · {m.score.toFixed(2)}</span>}
        </dd>
        {m.gender && (
          <>
            <dt>{t('sanctions.target.gender')}</dt>
            <dd>{m.gender}</dd>
          </>
        )}
        <dt>{t('sanctions.target.birthDates')}</dt>
        <dd>{m.birthDates.length > 0 ? m.birthDates.join(', ') : orDash(null)}</dd>
        <dt>{t('sanctions.target.nationalities')}</dt>
        <dd>{m.nationalities.length > 0 ? m.nationalities.join(', ') : orDash(null)}</dd>
        <dt>{t('sanctions.target.countries')}</dt>
        <dd>{m.countries.length > 0 ? m.countries.join(', ') : orDash(null)}</dd>
        {m.remarks && (
          <>
            <dt>{t('sanctions.target.remarks')}</dt>
            <dd className="notes">{m.remarks}</dd>
          </>
        )}
      </dl>
      <h3>{t('sanctions.target.names')}</h3>
      <div className="table-wrap">
        <table className="table table-compact names-table">
          <caption className="visually-hidden">{t('sanctions.target.names')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sanctions.target.name')}</th>
              <th scope="col">{t('sanctions.target.nameKind')}</th>
              <th scope="col">{t('sanctions.target.lang')}</th>
              <th scope="col">{t('sanctions.target.script')}</th>
            </tr>
          </thead>
          <tbody>
            {m.names.map((n, i) => (
              <tr key={`${n.value}:${i}`}>
                <td lang={n.lang ?? undefined}>{n.value}</td>
                <td>{n.kind}</td>
                <td>{orDash(n.lang)}</td>
                <td>{n.script}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {m.identifiers.length > 0 && (
        <>
          <h3>{t('sanctions.target.identifiers')}</h3>
          <div className="table-wrap">
            <table className="table table-compact">
              <caption className="visually-hidden">{t('sanctions.target.identifiers')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sanctions.target.idType')}</th>
                  <th scope="col">{t('sanctions.target.idValue')}</th>
                  <th scope="col">{t('sanctions.target.country')}</th>
                </tr>
              </thead>
              <tbody>
                {m.identifiers.map((x, i) => (
                  <tr key={`${x.type}:${x.value}:${i}`}>
                    <td>{x.type}</td>
                    <td className="mono">{x.value}</td>
                    <td>{orDash(x.country)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {m.addresses.length > 0 && (
        <>
          <h3>{t('sanctions.target.addresses')}</h3>
          <ul className="address-list">
            {m.addresses.map((a, i) => (
              <li key={`${a.text}:${i}`}>
                {a.text}
                {a.country && <span className="muted"> · {a.country}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
