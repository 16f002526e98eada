import { Outlet, useSearch } from '@tanstack/react-router';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, api, onUnauthorized, rememberCsrf, setSignInAgain } from '../api.ts';
import { ShellMain, SkipLink, UserMenu } from '../components/AppShell.tsx';
import { Logo } from '../components/Logo.tsx';
import { Loading } from '../components/ui.tsx';
import { setDisplayLocale } from '../format.ts';
import { queryClient } from '../query-client.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import type { Me, Settings } from '../types.ts';
import { LoginPage } from './LoginPage.tsx';
import { SignInAgainDialog } from './SignInAgainDialog.tsx';
import { SessionContext } from './session.tsx';

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

/** The staff session around the pages: sign-in, settings, the shell; `page` replaces the routed page (not found). */
export function AdminApp({ page }: { page?: ReactNode }) {
  const { path } = useLocation();
  const { next } = useSearch({ strict: false });
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
          navigate(next?.startsWith('/app') ? next : '/app', { replace: true });
        }}
      />
    );
  }

  return (
    <SessionContext.Provider value={{ me, settings, reloadSettings: loadSettings, logout }}>
      <Shell path={path} me={me} businessName={settings?.businessName} onLogout={logout}>
        {page ?? <Outlet />}
      </Shell>
      <SignInAgainDialog
        open={signingInAgain !== null}
        onSignedIn={(user) => finishSigningIn(user)}
        onCancel={() => finishSigningIn(null)}
      />
    </SessionContext.Provider>
  );
}

export function StaffNotFound() {
  const { t } = useTranslation('staff');
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
      <SkipLink>{t('nav.skipToContent')}</SkipLink>
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
        <UserMenu
          user={
            <>
              {me.name}
              <span className="role">{me.role === 'admin' ? t('nav.roleAdmin') : t('nav.roleFinance')}</span>
            </>
          }
          logOutLabel={t('nav.logOut')}
          onLogOut={onLogout}
        />
      </header>
      <ShellMain className="content">{children}</ShellMain>
    </div>
  );
}
