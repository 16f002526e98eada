import { lazy, type ReactNode, Suspense, useCallback, useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, api, onUnauthorized, rememberCsrf, setSignInAgain } from '../api.ts';
import { Logo } from '../components/Logo.tsx';
import { Loading } from '../components/ui.tsx';
import { setDisplayLocale } from '../format.ts';
import { queryClient } from '../query-client.ts';
import { Link, match, navigate, useLocation } from '../router.tsx';
import type { Me, Settings } from '../types.ts';
import { ClientPage } from './ClientPage.tsx';
import { ClientStatementPage } from './ClientStatementPage.tsx';
import { ClientsPage } from './ClientsPage.tsx';
import { CreditNoteEditorPage } from './CreditNoteEditorPage.tsx';
import { CreditNotePage } from './CreditNotePage.tsx';
import { CreditNotesPage } from './CreditNotesPage.tsx';
import { DashboardPage } from './DashboardPage.tsx';
import { InvoiceEditorPage } from './InvoiceEditorPage.tsx';
import { InvoicePage } from './InvoicePage.tsx';
import { InvoicesPage } from './InvoicesPage.tsx';
import { ItemPage } from './ItemPage.tsx';
import { ItemsPage } from './ItemsPage.tsx';
import { ImportPage } from './imports/ImportPage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { QuoteEditorPage } from './QuoteEditorPage.tsx';
import { QuotePage } from './QuotePage.tsx';
import { QuotesPage } from './QuotesPage.tsx';
import { RecurringPage } from './RecurringPage.tsx';
import { RecurringProfileEditorPage } from './RecurringProfileEditorPage.tsx';
import { RecurringProfilePage } from './RecurringProfilePage.tsx';
import { SettingsPage } from './SettingsPage.tsx';
import { SignInAgainDialog } from './SignInAgainDialog.tsx';
import { SessionContext } from './session.tsx';

// Loaded on first use: the chart library is large and only the report pages need it.
const ReportsPage = lazy(() => import('./reports/ReportsPage.tsx'));

type NavLabel = 'dashboard' | 'invoices' | 'quotes' | 'creditNotes' | 'clients' | 'items' | 'recurring';

const NAV: { href: string; label: NavLabel | 'reports' | 'settings'; exact?: boolean }[] = [
  { href: '/app', label: 'dashboard', exact: true },
  { href: '/app/invoices', label: 'invoices' },
  { href: '/app/quotes', label: 'quotes' },
  { href: '/app/credit-notes', label: 'creditNotes' },
  { href: '/app/clients', label: 'clients' },
  { href: '/app/items', label: 'items' },
  { href: '/app/recurring', label: 'recurring' },
  { href: '/app/reports', label: 'reports' },
  { href: '/app/settings', label: 'settings' },
];

export function AdminApp() {
  const { path } = useLocation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [settings, setSettings] = useState<Settings | null>(null);
  const { t } = useTranslation('staff');

  const loadSettings = useCallback(() => {
    api.get<Settings>('/settings').then(
      (loaded) => {
        setSettings(loaded);
        setDisplayLocale(loaded.locale);
      },
      () => setSettings(null),
    );
  }, []);

  // The page was opened with a cookie whose session is over: the login page says so.
  const [sessionEnded, setSessionEnded] = useState(false);
  useEffect(() => {
    api.get<Me>('/auth/me').then(setMe, (caught) => {
      setSessionEnded(caught instanceof ApiError && caught.reason === 'session_expired');
      setMe(null);
    });
    return onUnauthorized(() => setMe(null));
  }, []);

  useEffect(() => {
    if (me) loadSettings();
  }, [me, loadSettings]);

  // While someone is signed in, a call refused because the session ended waits for this prompt and then retries.
  const [signingInAgain, setSigningInAgain] = useState<((signedIn: boolean) => void) | null>(null);
  const signedIn = me != null;
  useEffect(() => {
    if (!signedIn) return;
    return setSignInAgain(() => new Promise<boolean>((resolve) => setSigningInAgain(() => resolve)));
  }, [signedIn]);
  const finishSigningIn = (user: Me | null) => {
    // Someone else signed in: what the page held was the previous user's work, not theirs to save or see.
    const sameUser = user !== null && user.id === me?.id;
    if (user) setMe(user);
    signingInAgain?.(sameUser);
    setSigningInAgain(null);
    if (user && !sameUser) {
      queryClient.clear();
      navigate('/app', { replace: true });
    }
  };

  const logout = useCallback(async () => {
    await api.post('/auth/logout').catch(() => undefined);
    rememberCsrf(null);
    queryClient.clear();
    setMe(null);
    navigate('/app/login');
  }, []);

  if (me === undefined) return <Loading what={t('nav.opening')} />;
  if (me === null || path === '/app/login') {
    return (
      <LoginPage
        sessionEnded={sessionEnded}
        onLoggedIn={(user) => {
          setMe(user);
          setSessionEnded(false);
          // Signed in from the page they asked for: stay on it.
          if (path !== '/app/login') return;
          const next = new URLSearchParams(window.location.search).get('next');
          navigate(next?.startsWith('/app') ? next : '/app', { replace: true });
        }}
      />
    );
  }

  return (
    <SessionContext.Provider value={{ me, settings, reloadSettings: loadSettings, logout }}>
      <Shell path={path} me={me} businessName={settings?.businessName} onLogout={logout}>
        <AdminRoutes path={path} />
      </Shell>
      <SignInAgainDialog
        open={signingInAgain !== null}
        onSignedIn={(user) => finishSigningIn(user)}
        onCancel={() => finishSigningIn(null)}
      />
    </SessionContext.Provider>
  );
}

/** Page routes, most specific first; the first pattern that matches renders. */
const ROUTES: [string, (params: Record<string, string>) => ReactNode][] = [
  ['/app', () => <DashboardPage />],
  ['/app/invoices', () => <InvoicesPage />],
  ['/app/invoices/new', () => <InvoiceEditorPage />],
  ['/app/invoices/import', () => <ImportPage kind="invoices" />],
  ['/app/invoices/:id/edit', ({ id }) => <InvoiceEditorPage key={id} id={id} />],
  ['/app/invoices/:id', ({ id }) => <InvoicePage key={id} id={id!} />],
  ['/app/quotes', () => <QuotesPage />],
  ['/app/quotes/new', () => <QuoteEditorPage />],
  ['/app/quotes/:id/edit', ({ id }) => <QuoteEditorPage key={id} id={id} />],
  ['/app/quotes/:id', ({ id }) => <QuotePage key={id} id={id!} />],
  ['/app/credit-notes', () => <CreditNotesPage />],
  ['/app/credit-notes/:id/edit', ({ id }) => <CreditNoteEditorPage key={id} id={id!} />],
  ['/app/credit-notes/:id', ({ id }) => <CreditNotePage key={id} id={id!} />],
  ['/app/clients', () => <ClientsPage />],
  ['/app/clients/new', () => <ClientPage />],
  ['/app/clients/import', () => <ImportPage kind="clients" />],
  ['/app/clients/:id/statement', ({ id }) => <ClientStatementPage key={id} id={id!} />],
  ['/app/clients/:id', ({ id }) => <ClientPage key={id} id={id} />],
  ['/app/items', () => <ItemsPage />],
  ['/app/items/new', () => <ItemPage />],
  ['/app/items/import', () => <ImportPage kind="items" />],
  ['/app/items/:id', ({ id }) => <ItemPage key={id} id={id} />],
  ['/app/recurring', () => <RecurringPage />],
  ['/app/recurring/new', () => <RecurringProfileEditorPage />],
  ['/app/recurring/:id/edit', ({ id }) => <RecurringProfileEditorPage key={id} id={id} />],
  ['/app/recurring/:id', ({ id }) => <RecurringProfilePage key={id} id={id!} />],
  ['/app/reports', () => <Reports report="aging" />],
  ['/app/reports/:report', ({ report }) => <Reports report={report!} />],
  ['/app/settings', () => <SettingsPage tab="business" />],
  ['/app/settings/:tab', ({ tab }) => <SettingsPage tab={tab!} />],
];

function Reports({ report }: { report: string }) {
  const { t } = useTranslation('staff');
  return (
    <Suspense fallback={<Loading what={t('nav.openingReports')} />}>
      <ReportsPage report={report} />
    </Suspense>
  );
}

function AdminRoutes({ path }: { path: string }) {
  const { t } = useTranslation('staff');
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, path);
    if (params) return <>{render(params)}</>;
  }
  return (
    <section>
      <h1 tabIndex={-1}>{t('nav.notFound')}</h1>
      <p>
        <Trans t={t} i18nKey="nav.notFoundText" components={{ a: <Link href="/app" /> }} />
      </p>
    </section>
  );
}

function Shell({
  path,
  me,
  businessName,
  onLogout,
  children,
}: {
  path: string;
  me: Me;
  businessName?: string;
  onLogout: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('staff');
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header className="topbar">
        <Link href="/app" className="brand">
          <Logo />
          <span>Remit</span>
          {businessName && <span className="brand-business">{businessName}</span>}
        </Link>
        <nav aria-label={t('nav.main')} className="mainnav">
          <ul>
            {NAV.map((item) => {
              const active = item.exact ? path === item.href : path.startsWith(item.href);
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={active ? 'page' : undefined}>
                    {t(`nav.${item.label}`)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="usermenu">
          <span className="username">
            {me.name}
            <span className="role">{me.role === 'admin' ? t('nav.roleAdmin') : t('nav.roleFinance')}</span>
          </span>
          <button type="button" className="button button-ghost button-small" onClick={onLogout}>
            {t('nav.logOut')}
          </button>
        </div>
      </header>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}
