import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from '../app/router';
import { ErrorMessage, Loading, PageHeading, useLoad } from '../app/ui';
import { sanctionsApi, type MatrixRow, type OverlapRow, type Summary } from './api';
import { formatCount } from './format';
import { GapsSection } from './GapsSection';
import { gapFiltersFromParams } from './gapFilters';
import { OverlapChart } from './OverlapChart';
import { NumTh, RegimeOptions, TableSection } from './parts';

/** Alignment of the imported lists: counts per jurisdiction × regime, the overlap chart and the gaps. */
export function AlignmentPage() {
  const { t } = useTranslation();
  const params = useSearchParams();
  const filters = gapFiltersFromParams(params);
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const summary = useLoad(() => sanctionsApi.summary(), []);

  return (
    <>
      <PageHeading title={t('sanctions.alignment.title')} />
      <p className="lead">{t('sanctions.alignment.lead')}</p>
      <ErrorMessage error={summary.error} />
      {summary.loading && !summary.data ? (
        <Loading />
      ) : (
        summary.data && (
          <>
            <SummaryStats summary={summary.data} />
            {summary.data.lists.length === 0 ? (
              <p className="notice">{t('sanctions.lists.empty')}</p>
            ) : (
              <>
                <MatrixTable rows={summary.data.matrix} />
                <Overlap rows={summary.data.overlap ?? []} jurisdictions={summary.data.jurisdictions} />
                <GapsSection filters={filters} page={page} jurisdictions={summary.data.jurisdictions} />
              </>
            )}
          </>
        )
      )}
    </>
  );
}

function SummaryStats({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  return (
    <section className="stats" aria-label={t('sanctions.alignment.stats')}>
      <dl className="stats-list">
        <div>
          <dt>{t('sanctions.alignment.lists')}</dt>
          <dd>{formatCount(summary.lists.length)}</dd>
        </div>
        <div>
          <dt>{t('sanctions.alignment.clusters')}</dt>
          <dd>{formatCount(summary.clusters)}</dd>
        </div>
        {(['cross-jurisdiction', 'russia-only', 'belarus-only'] as const).map((k) => (
          <div key={k}>
            <dt>{t(`sanctions.gapKind.${k}`)}</dt>
            <dd>{formatCount(summary.gapCounts[k])}</dd>
          </div>
        ))}
        <div>
          <dt>
            <Link to="/sanctions/review">{t('sanctions.alignment.reviewPending')}</Link>
          </dt>
          <dd>{formatCount(summary.reviewPending)}</dd>
        </div>
      </dl>
    </section>
  );
}

function MatrixTable({ rows }: { rows: MatrixRow[] }) {
  const { t } = useTranslation();
  return (
    <TableSection title={t('sanctions.matrix.title')} hint={t('sanctions.matrix.hint')}>
      <thead>
        <tr>
          <th scope="col">{t('sanctions.fields.jurisdiction')}</th>
          <th scope="col">{t('sanctions.fields.regime')}</th>
          <NumTh>{t('sanctions.schema.Person')}</NumTh>
          <NumTh>{t('sanctions.schema.Entity')}</NumTh>
          <NumTh>{t('sanctions.schema.Vessel')}</NumTh>
          <NumTh>{t('sanctions.schema.Airplane')}</NumTh>
          <NumTh>{t('sanctions.matrix.total')}</NumTh>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.jurisdiction}:${r.regime}`}>
            <th scope="row">{r.jurisdiction}</th>
            <td>
              <span className={`badge regime-${r.regime}`}>{t(`sanctions.regime.${r.regime}`)}</span>
            </td>
            <td className="num">{formatCount(r.persons)}</td>
            <td className="num">{formatCount(r.entities)}</td>
            <td className="num">{formatCount(r.vessels)}</td>
            <td className="num">{formatCount(r.aircraft)}</td>
            <td className="num">{formatCount(r.total)}</td>
          </tr>
        ))}
      </tbody>
    </TableSection>
  );
}

function Overlap({ rows, jurisdictions }: { rows: OverlapRow[]; jurisdictions: string[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [regime, setRegime] = useState<OverlapRow['regime']>('Belarus');
  return (
    <section aria-labelledby={id} className="sanctions-section">
      <h2 id={id}>{t('sanctions.overlap.title')}</h2>
      <div className="field overlap-regime">
        <label htmlFor={`${id}-regime`}>{t('sanctions.overlap.regime')}</label>
        <select
          id={`${id}-regime`}
          value={regime}
          onChange={(e) => setRegime(e.target.value as OverlapRow['regime'])}
        >
          <option value="all">{t('sanctions.overlap.allRegimes')}</option>
          <RegimeOptions />
        </select>
      </div>
      <OverlapChart
        key={regime}
        rows={rows.filter((r) => r.regime === regime)}
        jurisdictions={jurisdictions}
      />
    </section>
  );
}
