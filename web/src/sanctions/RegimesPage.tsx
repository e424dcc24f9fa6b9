import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading, PageHeading, useLoad } from '../app/ui';
import { sanctionsApi, type Regime } from './api';
import { RegimeOptions } from './parts';

/**
 * The programme → jurisdiction / regime / legal basis mapping, read-only: it is data in the source tree
 * (src/modules/sanctions/regimes.data.ts), shown here so that staff can check every grouping the
 * alignment report relies on.
 */
export function RegimesPage() {
  const { t } = useTranslation();
  const id = useId();
  const regimes = useLoad(() => sanctionsApi.regimes(), []);
  const [jurisdiction, setJurisdiction] = useState('');
  const [regime, setRegime] = useState<Regime | ''>('');
  const items = regimes.data?.items ?? [];
  const jurisdictions = [...new Set(items.map((r) => r.jurisdiction))].sort();
  const shown = items.filter(
    (r) => (!jurisdiction || r.jurisdiction === jurisdiction) && (!regime || r.regime === regime),
  );
  return (
    <>
      <PageHeading title={t('sanctions.regimes.title')} />
      <p className="lead">{t('sanctions.regimes.lead')}</p>
      <ErrorMessage error={regimes.error} />
      {regimes.loading && !regimes.data ? (
        <Loading />
      ) : (
        <>
          <div className="filters" role="group" aria-label={t('sanctions.filters.label')}>
            <div className="field">
              <label htmlFor={`${id}-j`}>{t('sanctions.fields.jurisdiction')}</label>
              <select id={`${id}-j`} value={jurisdiction} onChange={(e) => setJurisdiction(e.target.value)}>
                <option value="">{t('sanctions.filters.any')}</option>
                {jurisdictions.map((j) => (
                  <option key={j} value={j}>
                    {j}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-r`}>{t('sanctions.fields.regime')}</label>
              <select
                id={`${id}-r`}
                value={regime}
                onChange={(e) => setRegime(e.target.value as Regime | '')}
              >
                <option value="">{t('sanctions.filters.any')}</option>
                <RegimeOptions />
              </select>
            </div>
          </div>
          <p className="muted" aria-live="polite">
            {t('sanctions.regimes.count', { count: shown.length })}
          </p>
          <div className="table-wrap">
            <table className="table table-compact">
              <caption className="visually-hidden">{t('sanctions.regimes.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sanctions.fields.jurisdiction')}</th>
                  <th scope="col">{t('sanctions.regimes.code')}</th>
                  <th scope="col">{t('sanctions.regimes.aliases')}</th>
                  <th scope="col">{t('sanctions.fields.regime')}</th>
                  <th scope="col">{t('sanctions.fields.legalBasis')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={`${r.jurisdiction}:${r.code}`}>
                    <td>{r.jurisdiction}</td>
                    <th scope="row" className="mono">
                      {r.code}
                    </th>
                    <td>{r.aliases.length > 0 ? r.aliases.join(' · ') : <span className="muted">—</span>}</td>
                    <td>
                      <span className={`badge regime-${r.regime}`}>{t(`sanctions.regime.${r.regime}`)}</span>
                    </td>
                    <td>{r.legalBasis ?? <span className="muted">{t('sanctions.regimes.noBasis')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
