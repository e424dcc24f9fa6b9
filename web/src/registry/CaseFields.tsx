import { useTranslation } from 'react-i18next';
import { TextField } from './FormParts';
import type { CaseFormValues, Errors } from './validation';

/** The fields of one criminal case; `prefix` is the value path ("cases.0." in the create form). */
export function CaseFields({
  values,
  errors,
  prefix,
  set,
}: {
  values: CaseFormValues;
  errors: Errors;
  prefix: string;
  set: (key: keyof CaseFormValues, v: string) => void;
}) {
  const { t } = useTranslation();
  const field = (
    key: keyof CaseFormValues,
    type: 'text' | 'date' | 'number' = 'text',
    hint?: string,
    grow = false,
  ) => (
    <TextField
      path={`${prefix}${key}`}
      label={t(`registry.fields.${key}`)}
      type={type}
      value={values[key]}
      onChange={(v) => set(key, v)}
      errors={errors}
      hint={hint}
      grow={grow}
    />
  );
  return (
    <>
      <div className="field-row">
        {field('articles', 'text', t('registry.form.articlesHint'), true)}
        {field('caseNumber')}
      </div>
      <div className="field-row">
        {field('detainedOn', 'date')}
        {field('verdictOn', 'date')}
        {field('sentenceMonths', 'number', t('registry.form.monthsHint'))}
      </div>
      <div className="field-row">
        {field('court', 'text', undefined, true)}
        {field('judge', 'text', undefined, true)}
        {field('prosecutor', 'text', undefined, true)}
      </div>
      <div className="field-row">
        {field('penalty', 'text', undefined, true)}
        {field('regime', 'text', t('registry.form.regimeHint'), true)}
        {field('facility', 'text', undefined, true)}
      </div>
    </>
  );
}
