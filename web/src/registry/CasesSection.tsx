import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../app/ui';
import { CaseForm } from './FactForms';
import { useMonths } from './labels';
import { SourceRefs } from './SourceRefs';
import type { CaseView } from './types';

/** The person's criminal cases: articles with their labels, court, judge, prosecutor, sentence, prison. */
export function CasesSection({
  personId,
  cases,
  writable,
  onSaved,
}: {
  personId: string;
  cases: readonly CaseView[];
  writable: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="reg-cases-h" className="panel">
      <h2 id="reg-cases-h">{t('registry.record.cases', { count: cases.length })}</h2>
      {cases.length === 0 && <p className="muted">{t('registry.record.noCases')}</p>}
      {cases.map((c, i) => (
        <CaseCard
          key={`${c.id}-${c.version}`}
          c={c}
          index={i + 1}
          edit={writable ? { personId, onSaved } : null}
        />
      ))}
    </section>
  );
}

function CaseCard({
  c,
  index,
  edit,
}: {
  c: CaseView;
  index: number;
  edit: { personId: string; onSaved: () => void } | null;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const months = useMonths();
  const none = <span className="muted">—</span>;
  const text = (v: string | null | undefined): ReactNode => v ?? none;
  const date = (v: string | null | undefined): ReactNode => (v ? formatDate(v) : none);
  return (
    <article className="case-card" aria-labelledby={`reg-case-${c.id}`}>
      <h3 id={`reg-case-${c.id}`}>
        {t('registry.case.title', { index })}
        {c.caseNumber && <span className="muted"> · {c.caseNumber}</span>}
      </h3>
      {c.articles.length > 0 ? (
        <ul className="article-list">
          {c.articles.map((a) => (
            <li key={a.article}>
              <span className="badge badge-article">
                {t('registry.case.articleCode', { code: a.article })}
              </span>{' '}
              {a.label ?? <span className="muted">{t('registry.case.noLabel')}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('registry.case.noArticles')}</p>
      )}
      <dl className="details">
        <dt>{t('registry.fields.detainedOn')}</dt>
        <dd>{date(c.detainedOn)}</dd>
        <dt>{t('registry.fields.court')}</dt>
        <dd>{text(c.court)}</dd>
        <dt>{t('registry.fields.judge')}</dt>
        <dd>{text(c.judge)}</dd>
        <dt>{t('registry.fields.prosecutor')}</dt>
        <dd>{text(c.prosecutor)}</dd>
        <dt>{t('registry.fields.verdictOn')}</dt>
        <dd>{date(c.verdictOn)}</dd>
        <dt>{t('registry.fields.sentence')}</dt>
        <dd>
          {c.sentenceMonths !== null ? months(c.sentenceMonths) : none}
          {c.penalty && <span className="muted"> · {c.penalty}</span>}
        </dd>
        <dt>{t('registry.fields.regime')}</dt>
        <dd>{text(c.regime)}</dd>
        <dt>{t('registry.fields.appeal')}</dt>
        <dd>
          {date(c.appealOn)}
          {c.appealResult && <span> · {c.appealResult}</span>}
        </dd>
        <dt>{t('registry.fields.facility')}</dt>
        <dd>{text(c.facility)}</dd>
        {c.incommunicado.length > 0 && (
          <>
            <dt>{t('registry.fields.incommunicado')}</dt>
            <dd>
              {c.incommunicado
                .map((p) => `${formatDate(p.from)} – ${p.to ? formatDate(p.to) : t('registry.case.ongoing')}`)
                .join('; ')}
            </dd>
          </>
        )}
        {c.notes !== undefined && (
          <>
            <dt>{t('registry.fields.caseNotes')}</dt>
            <dd className="notes">{c.notes ?? none}</dd>
          </>
        )}
      </dl>
      <SourceRefs sources={c.sources} />
      {edit && !editing && (
        <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
          {t('registry.case.edit')}
        </button>
      )}
      {edit && editing && (
        <CaseForm
          id={edit.personId}
          existing={c}
          onDone={() => {
            setEditing(false);
            edit.onSaved();
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </article>
  );
}
