import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { ErrorMessage, toApiError } from '../app/ui';
import { registryApi } from './api';
import { CaseFields } from './CaseFields';
import { focusFirstError, TextField } from './FormParts';
import { StatusFields } from './PersonFormPage';
import type { CaseView, PersonView } from './types';
import {
  caseFormValues,
  emptyCase,
  serverFieldErrors,
  toCaseInput,
  toRecognitionInput,
  toStatusInput,
  validateCase,
  validateRecognition,
  validateStatus,
  type CaseFormValues,
  type Errors,
  type RecognitionFormValues,
  type StatusFormValues,
} from './validation';

type Which = 'status' | 'recognition' | 'case' | null;

/** Editors add a status event (release, transfer…), a recognition or another case from the record page. */
export function AddFacts({ person, onSaved }: { person: PersonView; onSaved: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Which>(null);
  const done = (): void => {
    setOpen(null);
    onSaved();
  };
  const toggle = (w: Exclude<Which, null>, label: string) => (
    <button
      type="button"
      className="btn"
      aria-expanded={open === w}
      onClick={() => setOpen(open === w ? null : w)}
    >
      {label}
    </button>
  );
  return (
    <section aria-labelledby="reg-add-h" className="panel">
      <h2 id="reg-add-h">{t('registry.add.heading')}</h2>
      <div className="form-actions">
        {toggle('status', t('registry.add.status'))}
        {toggle('recognition', t('registry.add.recognition'))}
        {toggle('case', t('registry.add.case'))}
      </div>
      {open === 'status' && <StatusForm id={person.id} onDone={done} onCancel={() => setOpen(null)} />}
      {open === 'recognition' && (
        <RecognitionForm id={person.id} onDone={done} onCancel={() => setOpen(null)} />
      )}
      {open === 'case' && <CaseForm id={person.id} onDone={done} onCancel={() => setOpen(null)} />}
    </section>
  );
}

interface SubProps {
  id: string;
  onDone: () => void;
  onCancel: () => void;
}

/** Shared submit logic: validate, send, show the server's field errors beside the fields. */
function useSubmit(validate: () => Errors, send: () => Promise<unknown>, onDone: () => void) {
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLFormElement>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    const found = validate();
    setErrors(found);
    if (focusFirstError(ref.current, found)) return;
    setBusy(true);
    try {
      await send();
      onDone();
    } catch (err) {
      const apiErr = toApiError(err);
      setErrors(serverFieldErrors(apiErr));
      setError(apiErr);
      setBusy(false);
    }
  };
  return { errors, error, busy, ref, submit };
}

function Shell({
  title,
  s,
  onCancel,
  children,
}: {
  title: string;
  s: ReturnType<typeof useSubmit>;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <form
      ref={s.ref}
      className="form sub-form"
      noValidate
      aria-label={title}
      onSubmit={(e) => void s.submit(e)}
    >
      <h3>{title}</h3>
      {children}
      <ErrorMessage error={s.error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={s.busy}>
          {t('registry.add.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function StatusForm({ id, onDone, onCancel }: SubProps) {
  const { t } = useTranslation();
  const [v, setV] = useState<StatusFormValues>({ status: '', occurredOn: '', note: '' });
  const s = useSubmit(
    () => validateStatus(v),
    () => registryApi.addStatusEvent(id, toStatusInput(v)),
    onDone,
  );
  return (
    <Shell title={t('registry.add.status')} s={s} onCancel={onCancel}>
      <StatusFields
        values={v}
        errors={s.errors}
        prefix=""
        set={(k, val) => setV((p) => ({ ...p, [k]: val }))}
      />
    </Shell>
  );
}

function RecognitionForm({ id, onDone, onCancel }: SubProps) {
  const { t } = useTranslation();
  const [v, setV] = useState<RecognitionFormValues>({ recognisedBy: '', recognisedOn: '', statementUrl: '' });
  const s = useSubmit(
    () => validateRecognition(v),
    () => registryApi.addRecognition(id, toRecognitionInput(v)),
    onDone,
  );
  const set = (k: keyof RecognitionFormValues) => (val: string) => setV((p) => ({ ...p, [k]: val }));
  return (
    <Shell title={t('registry.add.recognition')} s={s} onCancel={onCancel}>
      <div className="field-row">
        <TextField
          path="recognisedBy"
          label={t('registry.fields.recognisedBy')}
          required
          value={v.recognisedBy}
          onChange={set('recognisedBy')}
          errors={s.errors}
          grow
        />
        <TextField
          path="recognisedOn"
          label={t('registry.fields.recognisedOn')}
          required
          type="date"
          value={v.recognisedOn}
          onChange={set('recognisedOn')}
          errors={s.errors}
        />
      </div>
      <TextField
        path="statementUrl"
        label={t('registry.fields.statementUrl')}
        type="url"
        inputMode="url"
        value={v.statementUrl}
        onChange={set('statementUrl')}
        errors={s.errors}
      />
    </Shell>
  );
}

/** Adds a case, or corrects an existing one (sent with the version read, so a concurrent edit is refused). */
export function CaseForm({ id, onDone, onCancel, existing }: SubProps & { existing?: CaseView }) {
  const { t } = useTranslation();
  const [v, setV] = useState<CaseFormValues>(existing ? caseFormValues(existing) : emptyCase);
  const s = useSubmit(
    () => validateCase(v, ''),
    () =>
      existing
        ? registryApi.updateCase(id, existing.id, { ...toCaseInput(v), version: existing.version })
        : registryApi.addCase(id, toCaseInput(v)),
    onDone,
  );
  return (
    <Shell title={existing ? t('registry.case.edit') : t('registry.add.case')} s={s} onCancel={onCancel}>
      <CaseFields
        values={v}
        errors={s.errors}
        prefix=""
        set={(k, val) => setV((p) => ({ ...p, [k]: val }))}
      />
    </Shell>
  );
}
