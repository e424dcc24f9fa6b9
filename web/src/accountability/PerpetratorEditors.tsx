import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../api/client';
import { ErrorMessage, formatDate, toApiError, useLoad } from '../app/ui';
import { ROLES, type LinkRole, type Perpetrator, type PerpetratorSummary, type Violation } from './api';
import { PositionFields, ViolationSelect, type PositionDraft } from './fields';

const NO_POSITION: PositionDraft = { institution: '', title: '', from: '', to: '' };

interface PersonHit {
  id: string;
  refCode: string;
  displayName: string;
}
interface PersonCases {
  id: string;
  displayName: string;
  cases: Array<{ id: string; caseNumber: string | null; court: string | null; detainedOn: string | null }>;
}

/**
 * Links a perpetrator to a case or a violation with a role. The target is picked, never typed: a case
 * through a registry search (name in any script or reference code) and then one of that person's cases,
 * a violation from the list. Only records the caller may see are offered; the server checks again.
 */
export function LinkForm({ perpetratorId, onLinked }: { perpetratorId: string; onLinked: () => void }) {
  const { t } = useTranslation();
  const [targetType, setTargetType] = useState<'case' | 'violation'>('case');
  const [role, setRole] = useState<LinkRole>('judge');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [personId, setPersonId] = useState('');
  const [targetId, setTargetId] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const people = useLoad(
    () =>
      targetType === 'case' && query
        ? api.get<{ items: PersonHit[] }>('/api/v1/persons', { q: query, limit: 20 })
        : Promise.resolve({ items: [] as PersonHit[] }),
    [targetType, query],
  );
  const person = useLoad(
    () => (personId ? api.get<PersonCases>(`/api/v1/persons/${personId}`) : Promise.resolve(null)),
    [personId],
  );
  const violations = useLoad(
    () =>
      targetType === 'violation'
        ? api.get<{ items: Violation[] }>('/api/v1/violations', { limit: 100 })
        : Promise.resolve({ items: [] as Violation[] }),
    [targetType],
  );
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!targetId) return;
    try {
      await api.post(`/api/v1/perpetrators/${perpetratorId}/links`, { targetType, targetId, role });
      setError(null);
      setTargetId('');
      onLinked();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const caseLabel = (c: PersonCases['cases'][number]): string =>
    [c.caseNumber ?? t('accountability.link.noNumber'), c.court, c.detainedOn && formatDate(c.detainedOn)]
      .filter(Boolean)
      .join(' · ');
  return (
    <form
      className="form"
      onSubmit={(e) => void submit(e)}
      aria-label={t('accountability.perpetrators.addLink')}
    >
      <ErrorMessage error={error} />
      <label>
        {t('accountability.perpetrators.linkType')}
        <select
          value={targetType}
          onChange={(e) => {
            setTargetType(e.target.value as 'case' | 'violation');
            setTargetId('');
          }}
        >
          <option value="case">{t('accountability.perpetrators.case')}</option>
          <option value="violation">{t('accountability.perpetrators.violation')}</option>
        </select>
      </label>
      {targetType === 'case' ? (
        <>
          <label>
            {t('accountability.link.findPerson')}
            <input
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  setQuery(q.trim());
                }
              }}
            />
          </label>
          <button type="button" className="btn" onClick={() => setQuery(q.trim())}>
            {t('accountability.common.search')}
          </button>
          <ErrorMessage error={people.error ?? person.error} />
          {query && people.data && (
            <label>
              {t('accountability.link.person')}
              <select
                value={personId}
                onChange={(e) => {
                  setPersonId(e.target.value);
                  setTargetId('');
                }}
              >
                <option value="">
                  {people.data.items.length
                    ? t('accountability.link.choose')
                    : t('accountability.common.none')}
                </option>
                {people.data.items.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.displayName} ({p.refCode})
                  </option>
                ))}
              </select>
            </label>
          )}
          {personId && person.data && (
            <label>
              {t('accountability.perpetrators.case')}
              <select value={targetId} onChange={(e) => setTargetId(e.target.value)}>
                <option value="">
                  {person.data.cases.length
                    ? t('accountability.link.choose')
                    : t('accountability.common.none')}
                </option>
                {person.data.cases.map((c) => (
                  <option key={c.id} value={c.id}>
                    {caseLabel(c)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </>
      ) : (
        <ViolationSelect
          label={t('accountability.perpetrators.violation')}
          violations={violations.data?.items}
          value={targetId}
          onChange={setTargetId}
        />
      )}
      <label>
        {t('accountability.perpetrators.role')}
        <select value={role} onChange={(e) => setRole(e.target.value as LinkRole)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`accountability.roles.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn" disabled={!targetId}>
        {t('accountability.perpetrators.addLink')}
      </button>
    </form>
  );
}

/** Adds a position (institution, title, from/to) to the perpetrator's timeline. */
export function PositionForm({ perpetrator, onSaved }: { perpetrator: Perpetrator; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<PositionDraft>(NO_POSITION);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      await api.patch(`/api/v1/perpetrators/${perpetrator.id}`, {
        version: perpetrator.version,
        positions: [
          ...perpetrator.positions.map((p) => ({
            institution: p.institution,
            title: p.title,
            from: p.from,
            to: p.to,
          })),
          {
            institution: form.institution.trim(),
            title: form.title.trim(),
            from: form.from || null,
            to: form.to || null,
          },
        ],
      });
      setError(null);
      setForm(NO_POSITION);
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-label={t('accountability.link.addPosition')}>
      <ErrorMessage error={error} />
      <PositionFields
        legend={t('accountability.link.addPosition')}
        value={form}
        onChange={setForm}
        required
      />
      <button type="submit" className="btn">
        {t('accountability.link.addPosition')}
      </button>
    </form>
  );
}

/**
 * For the evidence upload form: choose a perpetrator or violation from the lists (only records the caller
 * may see) instead of typing its id; each choice adds "type:id" to the linked records.
 */
export function LinkPicker({ onPick }: { onPick: (ref: string) => void }) {
  const { t } = useTranslation();
  const perps = useLoad(
    () => api.get<{ items: PerpetratorSummary[] }>('/api/v1/perpetrators', { limit: 200 }),
    [],
  );
  const violations = useLoad(() => api.get<{ items: Violation[] }>('/api/v1/violations', { limit: 200 }), []);
  const pick = (type: 'perpetrator' | 'violation', id: string): void => {
    if (id) onPick(`${type}:${id}`);
  };
  return (
    <>
      <label>
        {t('accountability.link.pickPerpetrator')}
        <select value="" onChange={(e) => pick('perpetrator', e.target.value)}>
          <option value="">{t('accountability.link.choose')}</option>
          {perps.data?.items.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </select>
      </label>
      <ViolationSelect
        label={t('accountability.link.pickViolation')}
        violations={violations.data?.items}
        value=""
        onChange={(id) => pick('violation', id)}
      />
    </>
  );
}
