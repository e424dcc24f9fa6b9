import { useTranslation } from 'react-i18next';
import { a11y, fieldId, Problem, TextField } from './FormParts';
import { useLabels } from './labels';
import { CONSENTS, GENDERS, GROUPS, REGIONS, SCRIPTS, type Gender, type Region, type Script } from './types';
import type { Errors, NameRow, PersonFormValues } from './validation';

interface Props {
  values: PersonFormValues;
  errors: Errors;
  set: <K extends keyof PersonFormValues>(key: K, v: PersonFormValues[K]) => void;
  /** Health notes are hidden from callers below their tier; the field is then not offered. */
  healthVisible: boolean;
}

/** Consent tier, names in every script, and the person's non-case facts. */
export function PersonFields({ values, errors, set, healthVisible }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const setName = (i: number, patch: Partial<NameRow>): void =>
    set(
      'names',
      values.names.map((n, j) => (j === i ? { ...n, ...patch } : n)),
    );

  return (
    <>
      <fieldset className="fieldset consent-choice" aria-describedby="reg-consent-hint">
        <legend>
          {t('registry.fields.consent')} <span className="required">{t('registry.form.required')}</span>
        </legend>
        <p id="reg-consent-hint" className="hint">
          {t('registry.form.consentHint')}
        </p>
        {CONSENTS.map((c, i) => (
          <div className="radio-option" key={c}>
            <input
              type="radio"
              id={i === 0 ? fieldId('consent') : `reg-consent-${c}`}
              name="consent"
              value={c}
              checked={values.consent === c}
              aria-describedby={`reg-consent-${c}-desc`}
              onChange={() => set('consent', c)}
            />
            <label htmlFor={i === 0 ? fieldId('consent') : `reg-consent-${c}`}>
              <strong>{labels.consent(c)}</strong>
              <span id={`reg-consent-${c}-desc`} className="hint">
                {t(`registry.consents.${c}.explain`)}
              </span>
            </label>
          </div>
        ))}
        <Problem path="consent" errors={errors} />
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t('registry.record.names')}</legend>
        <p className="hint">{t('registry.form.namesHint')}</p>
        {values.names.map((n, i) => (
          <div className="field-row name-row" key={i}>
            <div className="field">
              <label htmlFor={fieldId(`names.${i}.script`)}>{t('registry.fields.script')}</label>
              <select
                {...a11y(`names.${i}.script`, errors)}
                value={n.script}
                onChange={(e) => setName(i, { script: e.target.value as Script })}
              >
                {SCRIPTS.map((s) => (
                  <option key={s} value={s}>
                    {labels.script(s)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field field-grow">
              <label htmlFor={fieldId(`names.${i}.value`)}>
                {t('registry.form.nameLabel', { index: i + 1 })}
              </label>
              <input
                {...a11y(`names.${i}.value`, errors)}
                value={n.value}
                onChange={(e) => setName(i, { value: e.target.value })}
              />
              <Problem path={`names.${i}.value`} errors={errors} />
            </div>
            <div className="field">
              <label htmlFor={fieldId(`names.${i}.kind`)}>{t('registry.fields.nameKind')}</label>
              <select
                {...a11y(`names.${i}.kind`, errors)}
                value={n.kind}
                onChange={(e) => setName(i, { kind: e.target.value === 'primary' ? 'primary' : 'alias' })}
              >
                <option value="primary">{t('registry.nameKinds.primary')}</option>
                <option value="alias">{t('registry.nameKinds.alias')}</option>
              </select>
              <Problem path={`names.${i}.kind`} errors={errors} />
            </div>
            {values.names.length > 1 && (
              <button
                type="button"
                className="btn btn-small btn-link"
                onClick={() =>
                  set(
                    'names',
                    values.names.filter((_, j) => j !== i),
                  )
                }
              >
                {t('registry.form.removeName', { index: i + 1 })}
              </button>
            )}
          </div>
        ))}
        {values.names.length < 30 && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => set('names', [...values.names, { script: 'latn', kind: 'alias', value: '' }])}
          >
            {t('registry.form.addName')}
          </button>
        )}
      </fieldset>

      <div className="field-row">
        <TextField
          path="birthYear"
          label={t('registry.fields.birthYear')}
          type="number"
          value={values.birthYear}
          onChange={(v) => set('birthYear', v)}
          errors={errors}
        />
        <TextField
          path="birthDate"
          label={t('registry.fields.birthDate')}
          type="date"
          value={values.birthDate}
          onChange={(v) => set('birthDate', v)}
          errors={errors}
          hint={t('registry.form.birthHint')}
        />
        <div className="field">
          <label htmlFor={fieldId('gender')}>{t('registry.fields.gender')}</label>
          <select
            {...a11y('gender', errors)}
            value={values.gender}
            onChange={(e) => set('gender', e.target.value as Gender | '')}
          >
            <option value="">{t('common.notSet')}</option>
            {GENDERS.map((g) => (
              <option key={g} value={g}>
                {labels.gender(g)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fieldId('region')}>{t('registry.fields.region')}</label>
          <select
            {...a11y('region', errors)}
            value={values.region}
            onChange={(e) => set('region', e.target.value as Region | '')}
          >
            <option value="">{t('common.notSet')}</option>
            {REGIONS.map((r) => (
              <option key={r} value={r}>
                {labels.region(r)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <fieldset className="fieldset">
        <legend>{t('registry.fields.groups')}</legend>
        <div className="checkbox-grid">
          {GROUPS.map((g) => (
            <label key={g} className="checkbox">
              <input
                type="checkbox"
                checked={values.groups.includes(g)}
                onChange={(e) =>
                  set(
                    'groups',
                    e.target.checked ? [...values.groups, g] : values.groups.filter((x) => x !== g),
                  )
                }
              />{' '}
              {labels.group(g)}
            </label>
          ))}
        </div>
      </fieldset>

      <TextField
        path="description"
        label={t('registry.fields.description')}
        multiline
        value={values.description}
        onChange={(v) => set('description', v)}
        errors={errors}
        hint={t('registry.form.descriptionHint')}
      />
      {healthVisible && (
        <TextField
          path="healthNotes"
          label={t('registry.fields.healthNotes')}
          multiline
          value={values.healthNotes}
          onChange={(v) => set('healthNotes', v)}
          errors={errors}
          hint={t('registry.form.healthHint')}
        />
      )}
    </>
  );
}
