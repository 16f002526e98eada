import { Outlet } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, onUnauthorized, portalApi, rememberPortalCsrf } from '../api.ts';
import { ShellMain, SkipLink, UserMenu } from '../components/AppShell.tsx';
import { Loading } from '../components/ui.tsx';
import { Link, navigate } from '../router.tsx';
import {
  brandStyle,
  PortalBrandingProvider,
  PortalBrandMark,
  PortalFooter,
  usePortalBranding,
} from './PortalBrand.tsx';
import { usePortalLanguage } from './portal-language.ts';
import { PortalSessionContext } from './portal-session.tsx';
import type { PortalMe } from './portal-types.ts';

const PUBLIC_PAGES = [
  '/portal/login',
  '/portal/sign-in',
  '/portal/set-password',
  '/portal/reset-password',
  '/portal/forgot',
  '/portal/link-unavailable',
];

/** The portal: branding around every page, signed in or not. */
export function PortalApp() {
  return (
    <PortalBrandingProvider>
      <PortalPages />
    </PortalBrandingProvider>
  );
}

function PortalPages() {
  const branding = usePortalBranding();
  const [me, setMe] = useState<PortalMe | null | undefined>(undefined);
  const { t } = useTranslation();
  const languageReady = usePortalLanguage(me);
  // The session ended while a page was open: who it was, so signing in again is one step and lands back here.
  const [ended, setEnded] = useState<{ email: string } | null>(null);

  useEffect(() => {
    portalApi.get<PortalMe>('/me').then(
      (found) => {
        rememberPortalCsrf(found.csrfToken);
        setMe(found);
      },
      (caught) => {
        // The cookie is still there but its session is over (expired, signed out elsewhere): say so.
        if (caught instanceof ApiError && caught.reason === 'session_expired') setEnded({ email: '' });
        setMe(null);
      },
    );
  }, []);

  const meNow = useRef(me);
  meNow.current = me;
  useEffect(
    () =>
      onUnauthorized(() => {
        if (meNow.current) setEnded({ email: meNow.current.contact.email });
        setMe(null);
      }),
    [],
  );

  const signedIn = async () => {
    const found = await portalApi.get<PortalMe>('/me');
    rememberPortalCsrf(found.csrfToken);
    setMe(found);
    const stayHere = ended !== null && !PUBLIC_PAGES.includes(window.location.pathname);
    setEnded(null);
    if (stayHere) return;
    navigate(
      found.scope.kind === 'invoice_link' ? `/portal/invoices/${found.scope.invoiceId}` : '/portal/invoices',
      {
        replace: true,
      },
    );
  };
  const logout = async () => {
    await portalApi.post('/auth/logout').catch(() => undefined);
    rememberPortalCsrf(null);
    setMe(null);
    navigate('/portal/login');
  };

  return (
    <div className="portal" style={brandStyle(branding)}>
      <SkipLink>{t('app.skipToContent')}</SkipLink>
      <header className="portal-bar">
        <PortalBrandMark fallback={t('app.portalName')} />
        {me?.client.name && (
          <span className="portal-client muted small">
            {t('app.invoicesFor', { client: me.client.name })}
          </span>
        )}
        {me && (
          <UserMenu user={me.contact.name} logOutLabel={t('app.logOut')} onLogOut={logout}>
            {me.scope.kind === 'account' && (
              <nav aria-label={t('app.yourDocuments')} className="portal-nav">
                <Link href="/portal/invoices">{t('app.allInvoices')}</Link>
                <Link href="/portal/quotes">{t('app.quotes')}</Link>
                <Link href="/portal/credit-notes">{t('app.creditNotes')}</Link>
                <Link href="/portal/statement">{t('app.statement')}</Link>
              </nav>
            )}
          </UserMenu>
        )}
      </header>
      <ShellMain className="portal-main">
        {languageReady ? (
          <PortalSessionContext.Provider value={{ me, ended, signedIn }}>
            <Outlet />
          </PortalSessionContext.Provider>
        ) : (
          <Loading what={t('app.opening')} />
        )}
      </ShellMain>
      <PortalFooter />
    </div>
  );
}
