import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { Link } from '../app/router';
import { ErrorMessage, Loading, SuccessMessage, toApiError, useLoad } from '../app/ui';
import { registryApi } from './api';
import { useLabels } from './labels';
import type { DuplicateCandidate, MergeResult, PersonView } from './types';

/**
 * Possible duplicates of one record, with the matcher's score and explanation. An editor merges (the other
 * record's names, cases and events move here), marks "not the same person", or undoes a merge just made.
 */
export function DuplicatesPanel({
  person,
  writable,
  onChanged,
}: {
  person: Pick<PersonView, 'id' | 'refCode' | 'displayName'>;
  writable: boolean;
  onChanged?: () => void;
}) {
  const { t } = useTranslation();
  const list = useLoad(() => registryApi.duplicates(person.id), [person.id]);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<{ message: string; merge?: MergeResult } | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (
    work: () => Promise<{ message: string; merge?: MergeResult }>,
    subjectSurvives = true,
  ): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setDone(await work());
      list.reload();
      // A record merged into another is gone: reloading it would replace this panel (and its undo) with 404.
      if (subjectSurvives) onChanged?.();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const merge = (survivorId: string, otherId: string, otherRef: string) =>
    act(async () => {
      const m = await registryApi.merge(survivorId, otherId);
      return { message: t('registry.duplicates.merged', { ref: otherRef }), merge: m };
    }, survivorId === person.id);
  const undo = (m: MergeResult) =>
    act(async () => {
      await registryApi.revertMerge(m.mergeId);
      return { message: t('registry.duplicates.undone') };
    });
  const notSame = (c: DuplicateCandidate) =>
    act(async () => {
      await registryApi.notDuplicate(person.id, c.personId);
      return { message: t('registry.duplicates.markedNotSame', { ref: c.refCode }) };
    });

  return (
    <section aria-labelledby={`reg-dup-${person.id}`} className="panel duplicates-panel">
      <h2 id={`reg-dup-${person.id}`}>{t('registry.duplicates.heading', { name: person.displayName })}</h2>
      <SuccessMessage message={done?.message ?? null} />
      {done?.merge && (
        <p>
          {done.merge.survivorId !== person.id && (
            <>
              <Link to={`/registry/persons/${done.merge.survivorId}`}>
                {t('registry.duplicates.openSurvivor')}
              </Link>{' '}
            </>
          )}
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => done.merge && void undo(done.merge)}
          >
            {t('registry.duplicates.undo')}
          </button>
        </p>
      )}
      <ErrorMessage error={error ?? list.error} />
      {error?.code === 'CONFLICT' && <p className="notice">{t('registry.duplicates.conflictHint')}</p>}
      {list.loading && !list.data ? (
        <Loading />
      ) : list.data && list.data.items.length === 0 ? (
        <p className="muted">{t('registry.duplicates.none')}</p>
      ) : (
        <ul className="candidate-list">
          {list.data?.items.map((c) => (
            <Candidate
              key={c.personId}
              c={c}
              subject={person}
              writable={writable}
              busy={busy}
              onMergeHere={() => void merge(person.id, c.personId, c.refCode)}
              onMergeThere={() => void merge(c.personId, person.id, person.refCode)}
              onNotSame={() => void notSame(c)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

interface CandidateProps {
  c: DuplicateCandidate;
  subject: Pick<PersonView, 'refCode'>;
  writable: boolean;
  busy: boolean;
  onMergeHere: () => void;
  onMergeThere: () => void;
  onNotSame: () => void;
}

function Candidate({ c, subject, writable, busy, onMergeHere, onMergeThere, onNotSame }: CandidateProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  // The candidate's own facts help the reviewer decide (birth year, status, prison).
  const other = useLoad(() => registryApi.get(c.personId), [c.personId]);
  const o = other.data;
  const pct = Math.round(c.score * 100);
  return (
    <li
      className="candidate"
      aria-label={t('registry.duplicates.candidateLabel', { ref: c.refCode, score: pct })}
    >
      <div className="candidate-head">
        <Link to={`/registry/persons/${c.personId}`}>{o?.displayName ?? c.refCode}</Link>{' '}
        <span className="muted ref-code">{c.refCode}</span>{' '}
        <span className="score" title={t('registry.duplicates.scoreHint')}>
          {t('registry.duplicates.score', { score: pct })}
        </span>
        <meter
          className="score-meter"
          min={0}
          max={100}
          low={70}
          high={90}
          optimum={100}
          value={pct}
          aria-hidden="true"
        />
      </div>
      {o && (
        <p className="muted">
          {[
            o.birthYear ? t('registry.duplicates.born', { year: o.birthYear }) : null,
            labels.gender(o.gender),
            labels.status(o.currentStatus),
            o.cases[0]?.facility ?? null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      <details>
        <summary>{t('registry.duplicates.why')}</summary>
        <ul className="explanation">
          {c.explanation.map((line, i) => (
            <li key={i} lang="en">
              {line}
            </li>
          ))}
        </ul>
      </details>
      {writable && (
        <div className="form-actions">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={onMergeHere}>
            {t('registry.duplicates.mergeHere', { ref: c.refCode })}
          </button>
          <button type="button" className="btn" disabled={busy} onClick={onMergeThere}>
            {t('registry.duplicates.mergeThere', { ref: c.refCode, self: subject.refCode })}
          </button>
          <button type="button" className="btn" disabled={busy} onClick={onNotSame}>
            {t('registry.duplicates.notSame')}
          </button>
        </div>
      )}
    </li>
  );
}
