import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router';
import { hasFilters, personsUrl } from './filters';
import { useLabels } from './labels';
import { CONSENTS, GENDERS, GROUPS, REGIONS, STATUSES, type FilterKey, type PersonFilters } from './types';

const TEXT_KEYS = ['article', 'court', 'judge', 'facility'] as const;
const DATE_KEYS = ['detainedFrom', 'detainedTo', 'verdictFrom', 'verdictTo'] as const;

/** The persons list's search and filters; they live in the URL so Back returns to the same list. */
export function FiltersForm({ filters }: { filters: PersonFilters }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [values, setValues] = useState<PersonFilters>(filters);
  const key = JSON.stringify(filters);
  // Back/forward changes the URL under the form: keep the inputs showing what is actually listed.
  useEffect(() => setValues(JSON.parse(key) as PersonFilters), [key]);
  const set = (k: FilterKey, v: string): void => setValues((prev) => ({ ...prev, [k]: v }));
  const advanced = Object.keys(filters).some((k) => k !== 'q');

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    navigate(personsUrl(values));
  };

  const select = (k: FilterKey, options: readonly string[], label: (v: string) => string) => (
    <div className="field">
      <label htmlFor={`reg-f-${k}`}>{t(`registry.filters.${k}`)}</label>
      <select id={`reg-f-${k}`} value={values[k] ?? ''} onChange={(e) => set(k, e.target.value)}>
        <option value="">{t('registry.filters.any')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form
      className="filters registry-filters"
      role="search"
      aria-label={t('registry.list.searchLabel')}
      onSubmit={submit}
    >
      <div className="field field-grow">
        <label htmlFor="reg-f-q">{t('registry.filters.q')}</label>
        <input
          id="reg-f-q"
          type="search"
          maxLength={200}
          aria-describedby="reg-f-q-hint"
          value={values.q ?? ''}
          onChange={(e) => set('q', e.target.value)}
        />
        <p id="reg-f-q-hint" className="hint">
          {t('registry.filters.qHint')}
        </p>
      </div>
      <details className="filters-more" open={advanced}>
        <summary>{t('registry.filters.more')}</summary>
        <div className="filters-grid">
          {TEXT_KEYS.map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`reg-f-${k}`}>{t(`registry.filters.${k}`)}</label>
              <input
                id={`reg-f-${k}`}
                maxLength={300}
                value={values[k] ?? ''}
                placeholder={k === 'article' ? '342-1' : undefined}
                onChange={(e) => set(k, e.target.value)}
              />
            </div>
          ))}
          {select('status', STATUSES, labels.status)}
          {select('group', GROUPS, labels.group)}
          {select('region', REGIONS, labels.region)}
          {select('gender', GENDERS, labels.gender)}
          {select('consent', CONSENTS, (c) => labels.consent(c as (typeof CONSENTS)[number]))}
          {DATE_KEYS.map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`reg-f-${k}`}>{t(`registry.filters.${k}`)}</label>
              <input
                id={`reg-f-${k}`}
                type="date"
                value={values[k] ?? ''}
                onChange={(e) => set(k, e.target.value)}
              />
            </div>
          ))}
        </div>
      </details>
      <div className="filter-actions">
        <button type="submit" className="btn btn-primary">
          {t('registry.filters.search')}
        </button>
        {hasFilters(filters) && (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setValues({});
              navigate('/registry');
            }}
          >
            {t('common.clear')}
          </button>
        )}
      </div>
    </form>
  );
}
