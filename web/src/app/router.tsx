import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

/**
 * A tiny history-API router: the server answers every non-API GET with index.html, so deep links and reloads
 * work without a router dependency.
 */
const listeners = new Set<() => void>();
const notify = (): void => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function useSearchParams(): URLSearchParams {
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  return new URLSearchParams(search);
}

export type Route =
  | { name: 'sources' }
  | { name: 'sourceNew' }
  | { name: 'source'; id: string }
  | { name: 'sourceEdit'; id: string }
  | { name: 'audit' }
  | { name: 'users' }
  | { name: 'account' }
  | { name: 'registry' }
  | { name: 'registryNew' }
  | { name: 'registryPerson'; id: string }
  | { name: 'registryPersonEdit'; id: string }
  | { name: 'registryImport' }
  | { name: 'registryDuplicates' }
  | { name: 'registryStatistics' }
  | { name: 'registryReleases' }
  | { name: 'intake' }
  | { name: 'intakeSubmission'; id: string }
  | { name: 'accountability' }
  | { name: 'accountabilityPerpetrator'; id: string }
  | { name: 'accountabilityViolations' }
  | { name: 'accountabilityEvidence' }
  | { name: 'accountabilityEvidenceItem'; id: string }
  | { name: 'accountabilityExport' }
  | { name: 'accountabilityUnsanctioned' }
  | { name: 'sanctions' }
  | { name: 'sanctionsAlignment' }
  | { name: 'sanctionsTarget'; id: string }
  | { name: 'sanctionsRegimes' }
  | { name: 'sanctionsReview' }
  | { name: 'home' }
  | { name: 'notFound' };

const ID = '([0-9a-fA-F-]{36})';

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/login') return { name: 'home' };
  if (path === '/sources') return { name: 'sources' };
  if (path === '/sources/new') return { name: 'sourceNew' };
  let m = new RegExp(`^/sources/${ID}$`).exec(path);
  if (m?.[1]) return { name: 'source', id: m[1] };
  m = new RegExp(`^/sources/${ID}/edit$`).exec(path);
  if (m?.[1]) return { name: 'sourceEdit', id: m[1] };
  if (path === '/audit') return { name: 'audit' };
  if (path === '/users') return { name: 'users' };
  if (path === '/account') return { name: 'account' };
  if (path === '/registry') return { name: 'registry' };
  if (path === '/registry/new') return { name: 'registryNew' };
  m = new RegExp(`^/registry/persons/${ID}$`).exec(path);
  if (m?.[1]) return { name: 'registryPerson', id: m[1] };
  m = new RegExp(`^/registry/persons/${ID}/edit$`).exec(path);
  if (m?.[1]) return { name: 'registryPersonEdit', id: m[1] };
  if (path === '/registry/import') return { name: 'registryImport' };
  if (path === '/registry/duplicates') return { name: 'registryDuplicates' };
  if (path === '/registry/statistics') return { name: 'registryStatistics' };
  if (path === '/registry/releases') return { name: 'registryReleases' };
  if (path === '/intake') return { name: 'intake' };
  m = new RegExp(`^/intake/${ID}$`).exec(path);
  if (m?.[1]) return { name: 'intakeSubmission', id: m[1] };
  if (path === '/accountability') return { name: 'accountability' };
  m = new RegExp(`^/accountability/perpetrators/${ID}$`).exec(path);
  if (m?.[1]) return { name: 'accountabilityPerpetrator', id: m[1] };
  if (path === '/accountability/violations') return { name: 'accountabilityViolations' };
  if (path === '/accountability/evidence') return { name: 'accountabilityEvidence' };
  m = new RegExp(`^/accountability/evidence/${ID}$`).exec(path);
  if (m?.[1]) return { name: 'accountabilityEvidenceItem', id: m[1] };
  if (path === '/accountability/export') return { name: 'accountabilityExport' };
  if (path === '/accountability/unsanctioned') return { name: 'accountabilityUnsanctioned' };
  if (path === '/sanctions') return { name: 'sanctions' };
  if (path === '/sanctions/alignment') return { name: 'sanctionsAlignment' };
  m = new RegExp(`^/sanctions/targets/${ID}$`).exec(path);
  if (m?.[1]) return { name: 'sanctionsTarget', id: m[1] };
  if (path === '/sanctions/regimes') return { name: 'sanctionsRegimes' };
  if (path === '/sanctions/review') return { name: 'sanctionsReview' };
  return { name: 'notFound' };
}

interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  children: ReactNode;
}

export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(e);
    // Let the browser handle new-tab and modified clicks itself.
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
