import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../app/ui';
import type { Errors, FieldProblem } from './validation';

/** Element id of the control for a value path ("names.0.value" → "reg-names-0-value"). */
export const fieldId = (path: string): string => `reg-${path.replace(/\./g, '-')}`;

export function useProblemText(): (p: FieldProblem | undefined) => string | null {
  const { t } = useTranslation();
  return (p) => {
    if (!p) return null;
    if (p.key === 'server') return t('registry.form.errors.server', { message: p.text ?? '' });
    return t(`registry.form.errors.${p.key}`, { max: p.max ?? 0 });
  };
}

/** Accessibility props shared by every control: id, name (to focus the first error), validity, descriptions. */
export function a11y(path: string, errors: Errors, hintId?: string) {
  const err = errors[path] ? `${fieldId(path)}-error` : undefined;
  return {
    id: fieldId(path),
    name: path,
    'aria-invalid': errors[path] ? true : undefined,
    'aria-describedby': [hintId, err].filter(Boolean).join(' ') || undefined,
  };
}

export function Problem({ path, errors }: { path: string; errors: Errors }) {
  const text = useProblemText();
  return <FieldError id={`${fieldId(path)}-error`} message={text(errors[path])} />;
}

interface TextFieldProps {
  path: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  errors: Errors;
  type?: 'text' | 'date' | 'url' | 'number';
  hint?: ReactNode;
  required?: boolean;
  multiline?: boolean;
  grow?: boolean;
  inputMode?: 'numeric' | 'text' | 'url';
}

export function TextField(props: TextFieldProps) {
  const { t } = useTranslation();
  const {
    path,
    label,
    value,
    onChange,
    errors,
    type = 'text',
    hint,
    required,
    multiline,
    grow,
    inputMode,
  } = props;
  const hintId = hint ? `${fieldId(path)}-hint` : undefined;
  const common = { ...a11y(path, errors, hintId), value, required };
  return (
    <div className={grow ? 'field field-grow' : 'field'}>
      <label htmlFor={fieldId(path)}>
        {label} {required && <span className="required">{t('registry.form.required')}</span>}
      </label>
      {multiline ? (
        <textarea {...common} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={type === 'number' ? 'text' : type}
          inputMode={type === 'number' ? 'numeric' : inputMode}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <Problem path={path} errors={errors} />
    </div>
  );
}

/** Moves focus to the first control with an error, so keyboard users land where the fix is needed. */
export function focusFirstError(form: HTMLFormElement | null, errors: Errors): boolean {
  const first = Object.keys(errors)[0];
  if (!first) return false;
  form?.querySelector<HTMLElement>(`[name="${CSS.escape(first)}"]`)?.focus();
  return true;
}
