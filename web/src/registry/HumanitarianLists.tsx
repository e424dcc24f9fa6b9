import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { ErrorMessage, formatDateTime, InputField, Loading, toApiError, useLoad } from '../app/ui';
import { registryApi } from './api';
import { useLabels } from './labels';
import { SubForm } from './SubForm';
import type { HumanitarianCriteria, SavedFilter } from './types';

/**
 * Saved filters that build release lists by humanitarian criteria (age, serious illness, parents of minors,
 * women, share of sentence served), shown here and exported as CSV or PDF by the API. Sealed records only
 * ever appear as a count.
 */
export function HumanitarianLists({ writable }: { writable: boolean }) {
  const { t } = useTranslation();
  const filters = useLoad(() => registryApi.savedFilters(), []);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="reg-hum-h" className="panel">
      <h2 id="reg-hum-h">{t('registry.humanitarian.title')}</h2>
      <p className="hint">{t('registry.humanitarian.lead')}</p>
      <ErrorMessage error={filters.error} />
      {filters.loading && !filters.data && <Loading />}
      {filters.data?.items.length === 0 && <p className="muted">{t('registry.humanitarian.none')}</p>}
      <ul className="filter-list">
        {filters.data?.items.map((f) => (
          <li key={f.id}>
            <strong>{f.name}</strong> <Criteria c={f.criteria} />
            <div className="form-actions">
              <button
                type="button"
                className="btn btn-small"
                aria-expanded={open === f.id}
                onClick={() => setOpen(open === f.id ? null : f.id)}
              >
                {t('registry.humanitarian.show')}
              </button>
              <a className="btn btn-small" href={`/api/v1/registry/saved-filters/${f.id}/list.csv`} download>
                CSV
              </a>
              <a className="btn btn-small" href={`/api/v1/registry/saved-filters/${f.id}/list.pdf`} download>
                PDF
              </a>
            </div>
            {open === f.id && <ReleaseListView filter={f} />}
          </li>
        ))}
      </ul>
      {writable && <NewFilterForm onSaved={filters.reload} />}
    </section>
  );
}

const REASONS = ['age', 'serious_illness', 'parent_of_minors', 'woman', 'served_share'] as const;
const isReason = (r: string): r is (typeof REASONS)[number] => (REASONS as readonly string[]).includes(r);

/** A saved filter's criteria in words ("age 60 or over or serious illness"). */
function Criteria({ c }: { c: HumanitarianCriteria }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (c.minAge !== undefined) parts.push(t('registry.humanitarian.ageOver', { age: c.minAge }));
  if (c.seriousIllness) parts.push(t('registry.humanitarian.illness'));
  if (c.parentOfMinors) parts.push(t('registry.humanitarian.parents'));
  if (c.women) parts.push(t('registry.humanitarian.women'));
  if (c.minServedPercent !== undefined)
    parts.push(t('registry.humanitarian.served', { percent: c.minServedPercent }));
  const joiner = c.match === 'all' ? t('registry.humanitarian.and') : t('registry.humanitarian.or');
  return <span className="muted">{parts.join(` ${joiner} `)}</span>;
}

function ReleaseListView({ filter }: { filter: SavedFilter }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const list = useLoad(() => registryApi.releaseList(filter.id), [filter.id]);
  if (list.loading && !list.data) return <Loading />;
  if (!list.data) return <ErrorMessage error={list.error} />;
  const l = list.data;
  return (
    <div className="release-list">
      <p>
        {t('registry.humanitarian.count', { count: l.count })}{' '}
        {l.sealedCount > 0 && t('registry.humanitarian.sealed', { count: l.sealedCount })}{' '}
        <span className="muted">{formatDateTime(l.generatedAt)}</span>
      </p>
      {l.items.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('registry.fields.name')}</th>
                <th scope="col">{t('registry.humanitarian.age')}</th>
                <th scope="col">{t('registry.fields.status')}</th>
                <th scope="col">{t('registry.humanitarian.servedShare')}</th>
                <th scope="col">{t('registry.humanitarian.reasons')}</th>
              </tr>
            </thead>
            <tbody>
              {l.items.map((i) => (
                <tr key={i.refCode}>
                  <td>{i.identityHidden ? i.refCode : (i.names[0]?.value ?? i.refCode)}</td>
                  <td className="num">{i.age ?? '—'}</td>
                  <td>{labels.status(i.currentStatus)}</td>
                  <td className="num">
                    {i.servedPercent === null ? '—' : `${Math.round(i.servedPercent)}%`}
                  </td>
                  <td>
                    {i.reasons
                      .map((r) => (isReason(r) ? t(`registry.humanitarian.reason.${r}`) : r))
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function NewFilterForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [minAge, setMinAge] = useState('');
  const [served, setServed] = useState('');
  const [flags, setFlags] = useState({ seriousIllness: false, parentOfMinors: false, women: false });
  const [match, setMatch] = useState<'any' | 'all'>('any');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    const age = minAge ? Number(minAge) : undefined;
    const pct = served ? Number(served) : undefined;
    const anyCriterion = age !== undefined || pct !== undefined || Object.values(flags).some(Boolean);
    if (
      !name.trim() ||
      !anyCriterion ||
      (age !== undefined && !(age >= 1 && age <= 120)) ||
      (pct !== undefined && !(pct >= 0 && pct <= 100))
    ) {
      setProblem(t('registry.humanitarian.formProblem'));
      return;
    }
    setProblem(null);
    try {
      await registryApi.createSavedFilter({
        name: name.trim(),
        criteria: {
          base: {},
          currentOnly: true,
          match,
          ...(age !== undefined ? { minAge: Math.round(age) } : {}),
          ...(pct !== undefined ? { minServedPercent: pct } : {}),
          ...(flags.seriousIllness ? { seriousIllness: true } : {}),
          ...(flags.parentOfMinors ? { parentOfMinors: true } : {}),
          ...(flags.women ? { women: true } : {}),
        },
      });
      setName('');
      setMinAge('');
      setServed('');
      setFlags({ seriousIllness: false, parentOfMinors: false, women: false });
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const flag = (k: keyof typeof flags, label: string) => (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={flags[k]}
        onChange={(e) => setFlags((f) => ({ ...f, [k]: e.target.checked }))}
      />{' '}
      {label}
    </label>
  );
  return (
    <SubForm
      headingId="reg-hum-new-h"
      title={t('registry.humanitarian.newFilter')}
      problem={problem}
      error={error}
      submitLabel={t('registry.humanitarian.save')}
      onSubmit={submit}
    >
      <div className="field-row">
        <InputField
          id="reg-hum-name"
          label={t('registry.humanitarian.name')}
          grow
          maxLength={200}
          value={name}
          onChange={setName}
        />
        <InputField
          id="reg-hum-age"
          label={t('registry.humanitarian.minAge')}
          inputMode="numeric"
          value={minAge}
          onChange={setMinAge}
        />
        <InputField
          id="reg-hum-served"
          label={t('registry.humanitarian.minServed')}
          inputMode="numeric"
          value={served}
          onChange={setServed}
        />
        <div className="field">
          <label htmlFor="reg-hum-match">{t('registry.humanitarian.match')}</label>
          <select
            id="reg-hum-match"
            value={match}
            onChange={(e) => setMatch(e.target.value === 'all' ? 'all' : 'any')}
          >
            <option value="any">{t('registry.humanitarian.matchAny')}</option>
            <option value="all">{t('registry.humanitarian.matchAll')}</option>
          </select>
        </div>
      </div>
      <div className="checkbox-grid">
        {flag('seriousIllness', t('registry.humanitarian.illness'))}
        {flag('parentOfMinors', t('registry.humanitarian.parents'))}
        {flag('women', t('registry.humanitarian.women'))}
      </div>
    </SubForm>
  );
}
