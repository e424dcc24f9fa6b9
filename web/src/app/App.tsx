import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { api, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import type { Health, SessionResponse, User } from '../api/types';
import { isAdmin } from '../api/types';
import { AccountPage } from '../account/AccountPage';
import { AuditPage } from '../audit/AuditPage';
import { LoginPage } from '../auth/LoginPage';
import { SessionContext, useSession, type SessionState } from '../auth/session';
import { RegistryNav, RegistryPage } from '../registry/RegistryRoutes';
import { IntakeNav, IntakePage } from '../intake/IntakeRoutes';
import { AccountabilityNav, AccountabilityPage } from '../accountability/AccountabilityRoutes';
import { SanctionsNav, SanctionsPage } from '../sanctions/SanctionsRoutes';
import { SourceEditPage, SourceNewPage } from '../sources/SourceFormPage';
import { SourcePage } from '../sources/SourcePage';
import { SourcesPage } from '../sources/SourcesPage';
import { UsersPage } from '../users/UsersPage';
import { LanguageSwitch } from './LanguageSwitch';
import { Link, matchRoute, navigate, usePathname, type Route } from './router';
import { ErrorMessage, Loading, NavItem, PageHeading, toApiError } from './ui';

type Auth = { status: 'loading' } | { status: 'anonymous' } | { status: 'signedIn'; user: User };

export function App() {
  const { t } = useTranslation();
  const [auth, setAuth] = useState<Auth>({ status: 'loading' });
  const [demo, setDemo] = useState(false);
  const [bootError, setBootError] = useState<ApiError | null>(null);

  const loadSession = useCallback(async (): Promise<void> => {
    try {
      const s = await api.get<SessionResponse>('/api/v1/auth/session');
      setCsrfToken(s.csrfToken);
      setAuth({ status: 'signedIn', user: s.user });
    } catch (e) {
      const err = toApiError(e);
      setCsrfToken(null);
      if (err.code !== 'UNAUTHENTICATED') setBootError(err);
      setAuth({ status: 'anonymous' });
    }
  }, []);

  useEffect(() => {
    api.get<Health>('/api/health').then(
      (h) => setDemo(h.demo),
      () => setDemo(false),
    );
    void loadSession();
    // A 401 on any later request means the session ended (expired, revoked, user disabled).
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setAuth({ status: 'anonymous' });
    });
    return () => setUnauthenticatedHandler(null);
  }, [loadSession]);

  const onSignedIn = (s: SessionResponse): void => {
    setBootError(null);
    setAuth({ status: 'signedIn', user: s.user });
    if (matchRoute(window.location.pathname).name === 'home') navigate('/sources', { replace: true });
  };

  const session = useMemo<SessionState | null>(() => {
    if (auth.status !== 'signedIn') return null;
    return {
      user: auth.user,
      refresh: loadSession,
      signOut: async () => {
        try {
          await api.post('/api/v1/auth/logout');
        } catch {
          // Signed out locally either way; the server session expires on its own.
        }
        setCsrfToken(null);
        setAuth({ status: 'anonymous' });
        navigate('/', { replace: true });
      },
    };
  }, [auth, loadSession]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      {demo && (
        <div className="demo-banner" role="note">
          {t('common.demoBanner')}
        </div>
      )}
      {session ? (
        <SessionContext.Provider value={session}>
          <Shell />
        </SessionContext.Provider>
      ) : (
        <>
          <header className="app-header">
            <div className="header-inner">
              <span className="brand">Supolka</span>
              <div className="header-tools">
                <LanguageSwitch />
              </div>
            </div>
          </header>
          {auth.status === 'loading' ? (
            <main id="main" className="login-main">
              <Loading />
            </main>
          ) : (
            <>
              {bootError && (
                <div className="container">
                  <ErrorMessage error={bootError} />
                </div>
              )}
              <LoginPage onSignedIn={onSignedIn} />
            </>
          )}
        </>
      )}
    </>
  );
}

function Shell() {
  const { t } = useTranslation();
  const pathname = usePathname();
  const session = useSession();
  const route = matchRoute(pathname);
  const admin = isAdmin(session.user.role);

  useEffect(() => {
    if (route.name === 'home') navigate('/sources', { replace: true });
  }, [route.name]);

  const section = route.name.startsWith('source') ? 'sources' : route.name;
  const navItem = (to: string, key: 'sources' | 'audit' | 'users' | 'account', label: string): ReactNode => (
    <NavItem to={to} current={section === key}>
      {label}
    </NavItem>
  );

  return (
    <>
      <header className="app-header">
        <div className="header-inner">
          <Link to="/sources" className="brand">
            Supolka
          </Link>
          <nav aria-label={t('nav.label')} className="main-nav">
            <ul>
              {navItem('/sources', 'sources', t('nav.sources'))}
              <RegistryNav route={route} role={session.user.role} />
              <IntakeNav route={route} role={session.user.role} />
              <AccountabilityNav route={route} role={session.user.role} />
              <SanctionsNav route={route} role={session.user.role} />
              {admin && navItem('/audit', 'audit', t('nav.audit'))}
              {admin && navItem('/users', 'users', t('nav.users'))}
              {navItem('/account', 'account', t('nav.account'))}
            </ul>
          </nav>
          <div className="header-tools">
            <LanguageSwitch />
            <div className="user-menu">
              <span className="user-name">
                {session.user.displayName}
                <span className="user-role">{t(`roles.${session.user.role}`)}</span>
              </span>
              <button type="button" className="btn btn-header" onClick={() => void session.signOut()}>
                {t('header.signOut')}
              </button>
            </div>
          </div>
        </div>
      </header>
      <main id="main" className="container">
        <Page route={route} admin={admin} />
      </main>
    </>
  );
}

function Page({ route, admin }: { route: Route; admin: boolean }) {
  switch (route.name) {
    case 'home':
    case 'sources':
      return <SourcesPage />;
    case 'sourceNew':
      return <SourceNewPage />;
    case 'source':
      return <SourcePage key={route.id} id={route.id} />;
    case 'sourceEdit':
      return <SourceEditPage key={route.id} id={route.id} />;
    case 'audit':
      return admin ? <AuditPage /> : <NotFound />;
    case 'users':
      return admin ? <UsersPage /> : <NotFound />;
    case 'account':
      return <AccountPage />;
    case 'registry':
    case 'registryNew':
    case 'registryPerson':
    case 'registryPersonEdit':
    case 'registryImport':
    case 'registryDuplicates':
    case 'registryStatistics':
    case 'registryReleases':
      return <RegistryPage route={route} />;
    case 'intake':
    case 'intakeSubmission':
      return <IntakePage route={route} />;
    case 'accountability':
    case 'accountabilityPerpetrator':
    case 'accountabilityViolations':
    case 'accountabilityEvidence':
    case 'accountabilityEvidenceItem':
    case 'accountabilityExport':
    case 'accountabilityUnsanctioned':
      return <AccountabilityPage route={route} />;
    case 'sanctions':
    case 'sanctionsAlignment':
    case 'sanctionsTarget':
    case 'sanctionsRegimes':
    case 'sanctionsReview':
      return <SanctionsPage route={route} />;
    case 'notFound':
      return <NotFound />;
  }
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('notFound.title')} />
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/sources">{t('notFound.back')}</Link>
      </p>
    </>
  );
}
