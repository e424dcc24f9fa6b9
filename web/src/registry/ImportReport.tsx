import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { Link } from '../app/router';
import { ErrorMessage, toApiError } from '../app/ui';
import { registryApi, type ImportFile } from './api';
import { useLabels } from './labels';
import type { CommitResult, DryRunReport, ImportIssue } from './types';

/** The dry run's findings; nothing has been written yet. Commit sends the same bytes with the digest. */
export function ImportReport({
  file,
  report,
  onBack,
  onCommitted,
}: {
  file: ImportFile;
  report: DryRunReport;
  onBack: () => void;
  onCommitted: (r: CommitResult) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [skip, setSkip] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const hasErrors = report.errors.length > 0;
  const errorLines = new Set(report.errors.map((e) => e.line)).size;
  // Rows with errors are not among the records to create or update: they are skipped or block the commit.
  const writable = report.toCreate + report.toUpdate;

  const commit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onCommitted(await registryApi.commit({ ...file, digest: report.digest, skipInvalidRows: skip }));
    } catch (e) {
      setError(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="reg-dry-h">
      <h2 id="reg-dry-h">{t('registry.import.reportHeading')}</h2>
      <p className="notice">{t('registry.import.nothingWritten')}</p>
      <dl className="stats-list" aria-label={t('registry.import.summary')}>
        <div>
          <dt>{t('registry.import.rowsRead')}</dt>
          <dd data-testid="dry-rows">{report.rowsRead}</dd>
        </div>
        <div>
          <dt>{t('registry.import.toCreate')}</dt>
          <dd data-testid="dry-create">{report.toCreate}</dd>
        </div>
        <div>
          <dt>{t('registry.import.toUpdate')}</dt>
          <dd data-testid="dry-update">{report.toUpdate}</dd>
        </div>
        <div>
          <dt>{t('registry.import.duplicates')}</dt>
          <dd data-testid="dry-duplicates">{report.duplicates.length}</dd>
        </div>
        <div>
          <dt>{t('registry.import.errors')}</dt>
          <dd data-testid="dry-errors">{report.errors.length}</dd>
        </div>
      </dl>
      <p className="muted">
        {t('registry.import.detected', { format: report.format.toUpperCase(), layout: report.layout })} ·{' '}
        {t('registry.import.consentChosen', { consent: labels.consent(report.consent) })}
      </p>

      {report.duplicates.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact">
            <caption>{t('registry.import.duplicatesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('registry.import.line')}</th>
                <th scope="col">{t('registry.import.candidates')}</th>
              </tr>
            </thead>
            <tbody>
              {report.duplicates.map((d) => (
                <tr key={d.line}>
                  <td className="num">{d.line}</td>
                  <td>
                    {d.candidates.map((c, i) => (
                      <span key={c.personId}>
                        {i > 0 && ', '}
                        <Link to={`/registry/persons/${c.personId}`}>{c.refCode}</Link>{' '}
                        <span className="score">
                          {t('registry.duplicates.score', { score: Math.round(c.score * 100) })}
                        </span>
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Issues caption={t('registry.import.errorsCaption')} issues={report.errors} />
      <Issues caption={t('registry.import.warningsCaption')} issues={report.warnings} />

      {hasErrors && (
        <label className="checkbox">
          <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} />{' '}
          {t('registry.import.skipInvalid', { count: errorLines })}
        </label>
      )}
      <ErrorMessage error={error} />
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || (hasErrors && !skip) || writable <= 0}
          onClick={() => void commit()}
        >
          {t('registry.import.commit', { count: Math.max(0, writable) })}
        </button>
        <button type="button" className="btn" onClick={onBack}>
          {t('registry.import.chooseAnother')}
        </button>
      </div>
      {hasErrors && !skip && <p className="hint">{t('registry.import.fixOrSkip')}</p>}
    </section>
  );
}

function Issues({ caption, issues }: { caption: string; issues: readonly ImportIssue[] }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table table-compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('registry.import.line')}</th>
            <th scope="col">{t('registry.import.column')}</th>
            <th scope="col">{t('registry.import.message')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((e, i) => (
            <tr key={`${e.line}-${i}`}>
              <td className="num">{e.line}</td>
              <td className="mono">{e.column ?? '—'}</td>
              <td lang="en">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
