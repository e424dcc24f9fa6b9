import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { canWriteRecords } from '../api/types';
import { Link, navigate } from '../app/router';
import { ErrorMessage, Loading, NoWriteAccess, PageHeading, toApiError, useLoad } from '../app/ui';
import { useSession } from '../auth/session';
import { registryApi } from './api';
import { CaseFields } from './CaseFields';
import { a11y, fieldId, focusFirstError, Problem, TextField } from './FormParts';
import { isConsent, isGender, isGroup, isRegion, useLabels } from './labels';
import { PersonFields } from './PersonFields';
import { STATUSES, type PersonView } from './types';
import {
  emptyCase,
  emptyPerson,
  serverFieldErrors,
  toCreateInput,
  toPersonInput,
  validateCase,
  validatePerson,
  validateStatus,
  type CaseFormValues,
  type Errors,
  type PersonFormValues,
  type StatusFormValues,
} from './validation';

export function PersonNewPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!canWriteRecords(user.role)) return <NoWrite />;
  return (
    <>
      <PageHeading
        title={t('registry.form.newTitle')}
        back={{ to: '/registry', label: t('registry.record.backToList') }}
      />
      <PersonForm initial={emptyPerson} mode="create" cancelTo="/registry" />
    </>
  );
}

export function PersonEditPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const person = useLoad(() => registryApi.get(id), [id]);
  if (!canWriteRecords(user.role)) return <NoWrite />;
  if (person.loading && !person.data) return <Loading />;
  if (!person.data) return <ErrorMessage error={person.error} />;
  const p = person.data;
  return (
    <>
      <PageHeading
        title={t('registry.form.editTitle', { name: p.displayName })}
        back={{ to: `/registry/persons/${p.id}`, label: t('registry.form.backToRecord') }}
      />
      {p.identityHidden ? (
        <p className="notice">{t('registry.form.identityHiddenEdit')}</p>
      ) : (
        <PersonForm
          key={p.version}
          initial={formValuesOf(p)}
          mode="edit"
          person={p}
          cancelTo={`/registry/persons/${p.id}`}
          onReload={person.reload}
        />
      )}
    </>
  );
}

function formValuesOf(p: PersonView): PersonFormValues {
  return {
    consent: isConsent(p.consent) ? p.consent : '',
    names: (p.names ?? []).map((n) => ({ script: n.script, kind: n.kind, value: n.value })),
    birthYear: p.birthYear ? String(p.birthYear) : '',
    birthDate: p.birthDate ?? '',
    gender: isGender(p.gender) ? p.gender : '',
    region: isRegion(p.region) ? p.region : '',
    groups: p.groups.filter(isGroup),
    description: p.description ?? '',
    healthNotes: p.healthNotes ?? '',
  };
}

function NoWrite() {
  const { t } = useTranslation();
  return <NoWriteAccess back={{ to: '/registry', label: t('registry.record.backToList') }} />;
}

interface FormProps {
  initial: PersonFormValues;
  mode: 'create' | 'edit';
  person?: PersonView;
  cancelTo: string;
  onReload?: () => void;
}

function PersonForm({ initial, mode, person, cancelTo, onReload }: FormProps) {
  const { t } = useTranslation();
  const [values, setValues] = useState<PersonFormValues>(initial);
  const [kase, setCase] = useState<CaseFormValues>(emptyCase);
  const [status, setStatus] = useState<StatusFormValues>({ status: '', occurredOn: '', note: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const healthVisible = mode === 'create' || person?.healthNotes !== undefined;

  const set = <K extends keyof PersonFormValues>(key: K, v: PersonFormValues[K]): void =>
    setValues((prev) => ({ ...prev, [key]: v }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    const found: Errors = {
      ...validatePerson(values),
      ...(mode === 'create' ? validateCase(kase, 'cases.0.') : {}),
      ...(mode === 'create' ? validateStatus(status, 'statusEvents.0.', false) : {}),
    };
    setErrors(found);
    if (focusFirstError(formRef.current, found)) return;
    setBusy(true);
    try {
      if (mode === 'create') {
        const created = await registryApi.create(toCreateInput(values, kase, status));
        navigate(`/registry/persons/${created.id}`);
      } else if (person) {
        await registryApi.update(person.id, {
          ...toPersonInput(values, healthVisible),
          version: person.version,
        });
        navigate(`/registry/persons/${person.id}`);
      }
    } catch (err) {
      const apiErr = toApiError(err);
      const fields = serverFieldErrors(apiErr);
      setErrors(fields);
      setError(apiErr);
      setBusy(false);
      focusFirstError(formRef.current, fields);
    }
  };

  return (
    <form ref={formRef} className="form panel registry-form" noValidate onSubmit={(e) => void submit(e)}>
      <p className="hint">{t('registry.form.requiredNote')}</p>
      <PersonFields values={values} errors={errors} set={set} healthVisible={healthVisible} />
      {mode === 'create' && (
        <>
          <Section title={t('registry.form.firstCase')} hint={t('registry.form.firstCaseHint')}>
            <CaseFields
              values={kase}
              errors={errors}
              prefix="cases.0."
              set={(k, v) => setCase((c) => ({ ...c, [k]: v }))}
            />
          </Section>
          <Section title={t('registry.form.currentStatus')} hint={t('registry.form.currentStatusHint')}>
            <StatusFields
              values={status}
              errors={errors}
              prefix="statusEvents.0."
              set={(k, v) => setStatus((s) => ({ ...s, [k]: v }))}
            />
          </Section>
        </>
      )}
      {error?.code === 'CONFLICT' && onReload ? (
        <div className="alert alert-error" role="alert">
          <p>{t('registry.form.conflict')}</p>
          <button type="button" className="btn" onClick={onReload}>
            {t('registry.form.reload')}
          </button>
        </div>
      ) : (
        <ErrorMessage error={error} />
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {mode === 'create' ? t('registry.form.create') : t('common.save')}
        </button>
        <Link to={cancelTo} className="btn">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}

function Section({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <fieldset className="fieldset">
      <legend>{title}</legend>
      <p className="hint">{hint}</p>
      {children}
    </fieldset>
  );
}

/** Status and date of a status event (used by the create form and the record page's "add event"). */
export function StatusFields({
  values,
  errors,
  prefix,
  set,
}: {
  values: StatusFormValues;
  errors: Errors;
  prefix: string;
  set: (key: keyof StatusFormValues, v: string) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const path = `${prefix}status`;
  return (
    <div className="field-row">
      <div className="field">
        <label htmlFor={fieldId(path)}>{t('registry.fields.status')}</label>
        <select {...a11y(path, errors)} value={values.status} onChange={(e) => set('status', e.target.value)}>
          <option value="">{t('common.notSet')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {labels.status(s)}
            </option>
          ))}
        </select>
        <Problem path={path} errors={errors} />
      </div>
      <TextField
        path={`${prefix}occurredOn`}
        label={t('registry.fields.occurredOn')}
        type="date"
        value={values.occurredOn}
        onChange={(v) => set('occurredOn', v)}
        errors={errors}
      />
      <TextField
        path={`${prefix}note`}
        label={t('registry.fields.note')}
        value={values.note}
        onChange={(v) => set('note', v)}
        errors={errors}
        grow
      />
    </div>
  );
}
