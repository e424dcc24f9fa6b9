import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { api } from '../api/client';
import { canWriteRecords, SOURCE_LANGUAGES, type Source, type SourceLanguage, type Tier } from '../api/types';
import { Link, navigate } from '../app/router';
import {
  ErrorMessage,
  FieldError,
  Loading,
  NoWriteAccess,
  PageHeading,
  TierOptions,
  toApiError,
  useLoad,
} from '../app/ui';
import { useSession } from '../auth/session';
import {
  emptySourceForm,
  LIMITS,
  toSourceInput,
  validateSource,
  type SourceErrors,
  type SourceField,
  type SourceFormValues,
} from './validation';

export function SourceNewPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!canWriteRecords(user.role)) return <NoWrite />;
  return (
    <>
      <PageHeading
        title={t('sourceForm.newTitle')}
        back={{ to: '/sources', label: t('sources.backToList') }}
      />
      <SourceForm
        initial={emptySourceForm}
        notesHidden={false}
        submitLabel={t('sourceForm.create')}
        cancelTo="/sources"
        onSubmit={async (v) => {
          const created = await api.post<Source>('/api/v1/sources', toSourceInput(v, true));
          navigate(`/sources/${created.id}`);
        }}
      />
    </>
  );
}

export function SourceEditPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const source = useLoad(() => api.get<Source>(`/api/v1/sources/${id}`), [id]);
  if (!canWriteRecords(user.role)) return <NoWrite />;
  if (source.loading && !source.data) return <Loading />;
  if (!source.data) return <ErrorMessage error={source.error} />;
  const s = source.data;
  const initial: SourceFormValues = {
    tier: s.tier,
    title: s.title,
    url: s.url ?? '',
    publisher: s.publisher ?? '',
    publishedOn: s.publishedOn ?? '',
    language: SOURCE_LANGUAGES.includes(s.language as SourceLanguage) ? (s.language as SourceLanguage) : '',
    notes: s.notes ?? '',
    notesTier: s.notesTier,
  };
  return (
    <>
      <PageHeading
        title={t('sourceForm.editTitle')}
        back={{ to: `/sources/${s.id}`, label: t('sourceForm.backToRecord') }}
      />
      <SourceForm
        // A reload after a conflict brings a new version: start the form afresh from it.
        key={s.version}
        initial={initial}
        notesHidden={s.notesHidden}
        submitLabel={t('common.save')}
        cancelTo={`/sources/${s.id}`}
        onReload={source.reload}
        onSubmit={async (v) => {
          // The version read is sent back: the server refuses with 409 if someone saved in between.
          await api.patch<Source>(`/api/v1/sources/${s.id}`, {
            ...toSourceInput(v, !s.notesHidden),
            version: s.version,
          });
          navigate(`/sources/${s.id}`);
        }}
      />
    </>
  );
}

function NoWrite() {
  const { t } = useTranslation();
  return <NoWriteAccess back={{ to: '/sources', label: t('sources.backToList') }} />;
}

interface FormProps {
  initial: SourceFormValues;
  notesHidden: boolean;
  submitLabel: string;
  cancelTo: string;
  onSubmit: (v: SourceFormValues) => Promise<void>;
  onReload?: () => void;
}

function SourceForm({ initial, notesHidden, submitLabel, cancelTo, onSubmit, onReload }: FormProps) {
  const { t } = useTranslation();
  const [values, setValues] = useState<SourceFormValues>(initial);
  const [errors, setErrors] = useState<SourceErrors>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const set = <K extends SourceField>(key: K, v: SourceFormValues[K]): void =>
    setValues((prev) => ({ ...prev, [key]: v }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    const found = validateSource(values);
    setErrors(found);
    const firstBad = Object.keys(found)[0];
    if (firstBad) {
      formRef.current?.querySelector<HTMLElement>(`[name="${firstBad}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  const errorText = (field: SourceField): string | null => {
    const key = errors[field];
    if (!key) return null;
    const max = field in LIMITS ? LIMITS[field as keyof typeof LIMITS] : 0;
    return t(`sourceForm.errors.${key}`, { max });
  };

  // Props shared by every control: name (for focusing the first error), validity and the error's id.
  const a11y = (field: SourceField, hint?: string) => {
    const err = errors[field] ? `source-${field}-error` : undefined;
    const describedBy = [hint, err].filter(Boolean).join(' ') || undefined;
    return {
      id: `source-${field}`,
      name: field,
      'aria-invalid': errors[field] ? true : undefined,
      'aria-describedby': describedBy,
    };
  };

  return (
    <form ref={formRef} className="form panel" noValidate onSubmit={(e) => void submit(e)}>
      <p className="hint">{t('sourceForm.requiredNote')}</p>
      <div className="field">
        <label htmlFor="source-title">
          {t('sources.fields.title')} <span className="required">{t('sourceForm.required')}</span>
        </label>
        <input
          {...a11y('title')}
          required
          value={values.title}
          onChange={(e) => set('title', e.target.value)}
        />
        <FieldError id="source-title-error" message={errorText('title')} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="source-tier">{t('sources.fields.tier')}</label>
          <select
            {...a11y('tier', 'source-tier-hint')}
            value={values.tier}
            onChange={(e) => set('tier', e.target.value as Tier)}
          >
            <TierOptions />
          </select>
          <p id="source-tier-hint" className="hint">
            {t('sourceForm.tierHint')}
          </p>
          <FieldError id="source-tier-error" message={errorText('tier')} />
        </div>
        <div className="field">
          <label htmlFor="source-language">{t('sources.fields.language')}</label>
          <select
            {...a11y('language')}
            value={values.language}
            onChange={(e) => set('language', e.target.value as SourceLanguage | '')}
          >
            <option value="">{t('common.notSet')}</option>
            {SOURCE_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`sourceLanguages.${l}`)}
              </option>
            ))}
          </select>
          <FieldError id="source-language-error" message={errorText('language')} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="source-url">{t('sources.fields.url')}</label>
        <input
          {...a11y('url', 'source-url-hint')}
          type="url"
          inputMode="url"
          spellCheck={false}
          value={values.url}
          onChange={(e) => set('url', e.target.value)}
        />
        <p id="source-url-hint" className="hint">
          {t('sourceForm.urlHint')}
        </p>
        <FieldError id="source-url-error" message={errorText('url')} />
      </div>
      <div className="field-row">
        <div className="field field-grow">
          <label htmlFor="source-publisher">{t('sources.fields.publisher')}</label>
          <input
            {...a11y('publisher')}
            value={values.publisher}
            onChange={(e) => set('publisher', e.target.value)}
          />
          <FieldError id="source-publisher-error" message={errorText('publisher')} />
        </div>
        <div className="field">
          <label htmlFor="source-publishedOn">{t('sources.fields.publishedOn')}</label>
          <input
            {...a11y('publishedOn', 'source-publishedOn-hint')}
            type="date"
            value={values.publishedOn}
            onChange={(e) => set('publishedOn', e.target.value)}
          />
          <p id="source-publishedOn-hint" className="hint">
            {t('sourceForm.dateHint')}
          </p>
          <FieldError id="source-publishedOn-error" message={errorText('publishedOn')} />
        </div>
      </div>
      <fieldset className="fieldset">
        <legend>{t('sources.fields.notes')}</legend>
        {notesHidden ? (
          <p className="notice">{t('sourceForm.notesHiddenEdit')}</p>
        ) : (
          <>
            <div className="field">
              <label htmlFor="source-notes">{t('sourceForm.notesLabel')}</label>
              <textarea
                {...a11y('notes', 'source-notes-hint')}
                rows={6}
                value={values.notes}
                onChange={(e) => set('notes', e.target.value)}
              />
              <p id="source-notes-hint" className="hint">
                {t('sourceForm.notesHint')}
              </p>
              <FieldError id="source-notes-error" message={errorText('notes')} />
            </div>
            <div className="field">
              <label htmlFor="source-notesTier">{t('sources.fields.notesTier')}</label>
              <select
                {...a11y('notesTier')}
                value={values.notesTier}
                onChange={(e) => set('notesTier', e.target.value as Tier)}
              >
                <TierOptions />
              </select>
              <FieldError id="source-notesTier-error" message={errorText('notesTier')} />
            </div>
          </>
        )}
      </fieldset>

      {error?.code === 'CONFLICT' && onReload ? (
        <div aria-live="assertive" className="live-region">
          <div className="alert alert-error" role="alert">
            <p>
              <strong>{t('sourceForm.conflictTitle')}</strong>
            </p>
            <p>{t('sourceForm.conflictBody')}</p>
            <button type="button" className="btn" onClick={onReload}>
              {t('sourceForm.reload')}
            </button>
          </div>
        </div>
      ) : (
        <ErrorMessage error={error} />
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {submitLabel}
        </button>
        <Link to={cancelTo} className="btn">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}
