import type { FormEvent, ReactNode } from 'react';
import type { ApiError } from '../api/client';
import { ErrorMessage } from '../app/ui';

/**
 * A small form inside a page section: titled by its h3, checked here first (`problem`, shown beside the
 * fields) and by the server (`error`), with one submit button.
 */
export function SubForm({
  headingId,
  title,
  problem,
  error,
  submitLabel,
  onSubmit,
  children,
}: {
  headingId: string;
  title: string;
  problem: string | null;
  error: ApiError | null;
  submitLabel: string;
  onSubmit: (e: FormEvent) => Promise<void>;
  children: ReactNode;
}) {
  return (
    <form className="form sub-form" noValidate aria-labelledby={headingId} onSubmit={(e) => void onSubmit(e)}>
      <h3 id={headingId}>{title}</h3>
      {children}
      {problem && <p className="field-error">{problem}</p>}
      <ErrorMessage error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
