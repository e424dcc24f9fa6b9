import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { canWriteRecords } from '../api/types';
import { Link } from '../app/router';
import { ErrorMessage, NoWriteAccess, PageHeading, toApiError } from '../app/ui';
import { useSession } from '../auth/session';
import { fileToBase64, registryApi, type ImportFile } from './api';
import { ImportReport } from './ImportReport';
import { useLabels } from './labels';
import { CONSENTS, type CommitResult, type Consent, type DryRunReport } from './types';

type Step =
  | { name: 'choose' }
  | { name: 'report'; file: ImportFile; report: DryRunReport }
  | { name: 'done'; report: DryRunReport; result: CommitResult };

/**
 * Import wizard: choose a list export (CSV or JSON, FORMAT-NOTES.md layouts), read the dry-run report (rows to
 * create and update, possible duplicates, errors with line numbers), then commit exactly that file.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const back = { to: '/registry', label: t('registry.record.backToList') };
  if (!canWriteRecords(user.role)) return <NoWriteAccess back={back} />;
  const index = step.name === 'choose' ? 1 : step.name === 'report' ? 2 : 3;
  return (
    <>
      <PageHeading title={t('registry.import.title')} back={back} />
      <ol className="wizard-steps" aria-label={t('registry.import.stepsLabel')}>
        {(['choose', 'check', 'done'] as const).map((s, i) => (
          <li key={s} aria-current={index === i + 1 ? 'step' : undefined}>
            {t(`registry.import.steps.${s}`)}
          </li>
        ))}
      </ol>
      {step.name === 'choose' && (
        <ChooseFile onChecked={(file, report) => setStep({ name: 'report', file, report })} />
      )}
      {step.name === 'report' && (
        <ImportReport
          file={step.file}
          report={step.report}
          onBack={() => setStep({ name: 'choose' })}
          onCommitted={(result) => setStep({ name: 'done', report: step.report, result })}
        />
      )}
      {step.name === 'done' && (
        <Done report={step.report} result={step.result} onAgain={() => setStep({ name: 'choose' })} />
      )}
    </>
  );
}

function ChooseFile({ onChecked }: { onChecked: (file: ImportFile, report: DryRunReport) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [consent, setConsent] = useState<Consent>('confidential');
  const [encoding, setEncoding] = useState<'utf-8' | 'windows-1251'>('utf-8');
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    const f = input.current?.files?.[0];
    if (!f) {
      setFileError(t('registry.import.chooseFirst'));
      input.current?.focus();
      return;
    }
    if (f.size > 20 * 1024 * 1024) {
      setFileError(t('registry.import.tooLarge'));
      return;
    }
    setFileError(null);
    setBusy(true);
    try {
      const file: ImportFile = { filename: f.name, contentBase64: await fileToBase64(f), consent, encoding };
      onChecked(file, await registryApi.dryRun(file));
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  return (
    <form className="form panel" noValidate onSubmit={(e) => void submit(e)}>
      <p className="hint">{t('registry.import.intro')}</p>
      <div className="field">
        <label htmlFor="reg-import-file">{t('registry.import.file')}</label>
        <input
          ref={input}
          id="reg-import-file"
          type="file"
          accept=".csv,.json,text/csv,application/json"
          aria-describedby="reg-import-file-hint"
          aria-invalid={fileError ? true : undefined}
        />
        <p id="reg-import-file-hint" className="hint">
          {t('registry.import.fileHint')}
        </p>
        {fileError && <p className="field-error">{fileError}</p>}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="reg-import-consent">{t('registry.import.consent')}</label>
          <select
            id="reg-import-consent"
            value={consent}
            aria-describedby="reg-import-consent-hint"
            onChange={(e) => setConsent(e.target.value as Consent)}
          >
            {CONSENTS.map((c) => (
              <option key={c} value={c}>
                {labels.consent(c)}
              </option>
            ))}
          </select>
          <p id="reg-import-consent-hint" className="hint">
            {t('registry.import.consentHint')} {t(`registry.consents.${consent}.explain`)}
          </p>
        </div>
        <div className="field">
          <label htmlFor="reg-import-encoding">{t('registry.import.encoding')}</label>
          <select
            id="reg-import-encoding"
            value={encoding}
            onChange={(e) => setEncoding(e.target.value === 'windows-1251' ? 'windows-1251' : 'utf-8')}
          >
            <option value="utf-8">UTF-8</option>
            <option value="windows-1251">Windows-1251</option>
          </select>
        </div>
      </div>
      <ErrorMessage error={error} />
      {error && error.details.length > 0 && (
        <ul className="issue-list">
          {error.details.map((d, i) => (
            <li key={i}>
              <span className="mono">{d.path}</span>: <span lang="en">{d.message}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('registry.import.checking') : t('registry.import.check')}
        </button>
      </div>
    </form>
  );
}

function Done({
  report,
  result,
  onAgain,
}: {
  report: DryRunReport;
  result: CommitResult;
  onAgain: () => void;
}) {
  const { t } = useTranslation();
  const ids = [...new Set(report.duplicates.flatMap((d) => d.candidates.map((c) => c.personId)))];
  return (
    <section className="panel" aria-labelledby="reg-import-done-h">
      <h2 id="reg-import-done-h">{t('registry.import.doneHeading')}</h2>
      <div role="status">
        <dl className="stats-list">
          <div>
            <dt>{t('registry.import.created')}</dt>
            <dd data-testid="import-created">{result.created}</dd>
          </div>
          <div>
            <dt>{t('registry.import.updated')}</dt>
            <dd>{result.updated}</dd>
          </div>
          <div>
            <dt>{t('registry.import.skipped')}</dt>
            <dd>{result.skippedLines.length}</dd>
          </div>
        </dl>
      </div>
      {result.skippedLines.length > 0 && (
        <p>{t('registry.import.skippedLines', { lines: result.skippedLines.join(', ') })}</p>
      )}
      {ids.length > 0 && (
        <p className="notice">
          {t('registry.import.reviewDuplicates', { count: ids.length })}{' '}
          <Link to={`/registry/duplicates?ids=${ids.join(',')}`} className="btn btn-primary">
            {t('registry.import.reviewButton')}
          </Link>
        </p>
      )}
      <div className="form-actions">
        <Link to="/registry" className="btn">
          {t('registry.import.toList')}
        </Link>
        <button type="button" className="btn" onClick={onAgain}>
          {t('registry.import.again')}
        </button>
      </div>
    </section>
  );
}
