import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Link } from '../app/router';
import { PageHeading, useLoad } from '../app/ui';
import type { Report } from './api';
import { ListTable } from './ListTable';

export function UnsanctionedPage() {
  const { t } = useTranslation();
  const [jurisdiction, setJurisdiction] = useState('');
  const [unlistedOnly, setUnlistedOnly] = useState(false);
  const report = useLoad(
    () =>
      api.get<Report>('/api/v1/accountability/unsanctioned', {
        jurisdiction: jurisdiction || undefined,
        unlistedOnly: unlistedOnly ? 'true' : undefined,
      }),
    [jurisdiction, unlistedOnly],
  );
  const [dossierFor, setDossierFor] = useState('');
  // The proposal is for the jurisdiction chosen here, else the one filtered on, else the first known one.
  const dossierJurisdiction = dossierFor || jurisdiction || report.data?.jurisdictions[0] || 'EU';
  return (
    <>
      <PageHeading title={t('accountability.report.title')} />
      <p>{t('accountability.report.intro')}</p>
      <div className="filters">
        <label>
          {t('accountability.report.notListedBy')}
          <select value={jurisdiction} onChange={(e) => setJurisdiction(e.target.value)}>
            <option value="">{t('accountability.report.any')}</option>
            {report.data?.jurisdictions.map((j) => (
              <option key={j} value={j}>
                {j}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('accountability.report.dossierFor')}
          <select value={dossierJurisdiction} onChange={(e) => setDossierFor(e.target.value)}>
            {[...new Set([dossierJurisdiction, ...(report.data?.jurisdictions ?? [])])].map((j) => (
              <option key={j} value={j}>
                {j}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={unlistedOnly} onChange={(e) => setUnlistedOnly(e.target.checked)} />
          {t('accountability.report.unlistedOnly')}
        </label>
      </div>
      <ListTable
        list={report}
        headings={[
          t('accountability.perpetrators.name'),
          t('accountability.report.cases'),
          t('accountability.report.violations'),
          t('accountability.report.listedBy'),
          t('accountability.report.dossier'),
        ]}
      >
        {report.data?.items.map((r) => (
          <tr key={r.perpetratorId}>
            <td>
              <Link to={`/accountability/perpetrators/${r.perpetratorId}`}>{r.displayName}</Link>
              <div className="muted">{r.names.join(' · ')}</div>
            </td>
            <td>{r.cases}</td>
            <td>{r.violations}</td>
            <td>
              {r.listedBy.length
                ? r.listings
                    .map((l) => `${l.jurisdiction}: ${l.targetName} (${Math.round(l.score * 100)}%)`)
                    .join('; ')
                : t('accountability.report.none')}
            </td>
            <td>
              <a
                href={`/api/v1/perpetrators/${r.perpetratorId}/dossier.pdf?jurisdiction=${encodeURIComponent(dossierJurisdiction)}`}
                aria-label={`${t('accountability.report.dossier')} (${dossierJurisdiction}): ${r.displayName}, PDF`}
              >
                PDF
              </a>{' '}
              <a
                href={`/api/v1/perpetrators/${r.perpetratorId}/dossier?jurisdiction=${encodeURIComponent(dossierJurisdiction)}`}
                aria-label={`${t('accountability.report.dossier')} (${dossierJurisdiction}): ${r.displayName}, JSON`}
              >
                JSON
              </a>
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
