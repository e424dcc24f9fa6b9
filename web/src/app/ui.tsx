import { useCallback, useEffect, useRef, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { TIERS, type Tier } from '../api/types';
import { currentLanguage } from '../i18n';
import { Link } from './router';

/** Any thrown value as an ApiError, so every screen shows errors the same translated way. */
export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError('UNKNOWN', 0, 'Unexpected error');
}

/** A translated error with the server's correlation id, which staff can quote without revealing anything. */
export function ErrorMessage({ error }: { error: ApiError | null }) {
  const { t } = useTranslation();
  // The live region stays mounted so screen readers announce an error when it appears.
  return (
    <div aria-live="assertive" className="live-region">
      {error && (
        <div className="alert alert-error" role="alert">
          <p>{t(`errors.${error.code}`)}</p>
          {error.correlationId && (
            <p className="alert-ref">{t('errors.reference', { id: error.correlationId })}</p>
          )}
        </div>
      )}
    </div>
  );
}

export function SuccessMessage({ message }: { message: string | null }) {
  return (
    <div aria-live="polite" className="live-region">
      {message && (
        <div className="alert alert-success" role="status">
          <p>{message}</p>
        </div>
      )}
    </div>
  );
}

export function TierBadge({ tier }: { tier: Tier }) {
  const { t } = useTranslation();
  return <span className={`badge tier-${tier}`}>{t(`tiers.${tier}`)}</span>;
}

/** One translated <option> per tier, for the tier selects of every form. */
export function TierOptions() {
  const { t } = useTranslation();
  return TIERS.map((tier) => (
    <option key={tier} value={tier}>
      {t(`tiers.${tier}`)}
    </option>
  ));
}

/** An entry of a navigation list; the current one is marked for assistive technology and styled by it. */
export function NavItem({ to, current, children }: { to: string; current: boolean; children: ReactNode }) {
  return (
    <li>
      <Link to={to} aria-current={current ? 'page' : undefined}>
        {children}
      </Link>
    </li>
  );
}

/** Where a page's breadcrumb leads back to. */
export interface BackLink {
  to: string;
  label: string;
}

/**
 * The page's h1, after the breadcrumb when there is one (`back`). The h1 takes focus when a page opens so
 * keyboard and screen-reader users land on the new content after a client-side navigation, and `title`
 * names the browser tab; the h1 shows `children`, or the title when there are none.
 */
export function PageHeading({
  children,
  title,
  actions,
  back,
}: {
  children?: ReactNode;
  title: string;
  actions?: ReactNode;
  back?: BackLink;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  useEffect(() => {
    document.title = `${title} · Supolka`;
  }, [title]);
  return (
    <>
      {back && (
        <p className="breadcrumb">
          <Link to={back.to}>{back.label}</Link>
        </p>
      )}
      <div className="page-heading">
        <h1 ref={ref} tabIndex={-1}>
          {children ?? title}
        </h1>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
    </>
  );
}

/** A record page whose record could not be loaded: the error, and the way back to the list. */
export function LoadFailed({
  title,
  error,
  back,
}: {
  title: string;
  error: ApiError | null;
  back: BackLink;
}) {
  return (
    <>
      <PageHeading title={title} />
      <ErrorMessage error={error} />
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </>
  );
}

/** An editing page opened by a role that may not write records. */
export function NoWriteAccess({ back }: { back: BackLink }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('errors.FORBIDDEN')} />
      <Link to={back.to}>{back.label}</Link>
    </>
  );
}

export function FieldError({ id, message }: { id: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {message}
    </p>
  );
}

/** A labelled text input in the forms' field layout (`grow` takes the row's spare width). */
export function InputField({
  id,
  label,
  value,
  onChange,
  grow = false,
  ...input
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  grow?: boolean;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>) {
  return (
    <div className={grow ? 'field field-grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} {...input} />
    </div>
  );
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Browsers with trimmed locale data (Chromium among them) lack Belarusian date formats and would silently
 * fall back to English; then we write the day-first numeric form used in Belarus.
 */
function intlLocale(): string | null {
  const lang = currentLanguage();
  return Intl.DateTimeFormat.supportedLocalesOf([lang]).length > 0 ? lang : null;
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const locale = intlLocale();
  if (!locale) {
    return `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${d.getFullYear()}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatDate(isoDate: string): string {
  // Date-only values are calendar dates, not instants: format them in UTC so they never shift a day.
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  const locale = intlLocale();
  if (!locale) return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Loads data for a screen; results of superseded loads are dropped so fast filter changes cannot race. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  // Callers pass the load's inputs as deps, as with useEffect.
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    stableLoad().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e: unknown) => live && setState({ data: null, error: toApiError(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [stableLoad, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

/**
 * Previous / "page N of M" / next, for lists paged through the URL (onPage navigates to that page).
 * more: the list's total is bounded ("more than"), so the page count is unknown and there is a next page.
 */
export function Pager({
  page,
  pages,
  more = false,
  onPage,
}: {
  page: number;
  pages: number;
  more?: boolean;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation();
  const last = !more && page >= pages;
  return (
    <nav className="pagination" aria-label={t('common.pagination')}>
      <button type="button" className="btn" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('common.previous')}
      </button>
      <span>{more ? t('common.page', { page }) : t('common.pageOf', { page, pages })}</span>
      <button type="button" className="btn" disabled={last} onClick={() => onPage(page + 1)}>
        {t('common.next')}
      </button>
    </nav>
  );
}
