import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, onUnauthorized, portalApi, rememberPortalCsrf } from '../api.ts';
import { Loading } from '../components/ui.tsx';
import { Link, match, navigate, useLocation } from '../router.tsx';
import { ForgotPassword, LinkUnavailable, PortalLogin, TokenSignIn } from './PortalAuthPages.tsx';
import {
  brandStyle,
  PortalBrandingProvider,
  PortalBrandMark,
  PortalFooter,
  usePortalBranding,
} from './PortalBrand.tsx';
import { PortalCreditNotePage, PortalCreditNotes } from './PortalCreditNotes.tsx';
import { PortalInvoicePage, PortalInvoices } from './PortalInvoicePages.tsx';
import { PortalQuotePage, PortalQuotes } from './PortalQuotes.tsx';
import { PortalStatement } from './PortalStatement.tsx';
import { usePortalLanguage } from './portal-language.ts';
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
  const { path } = useLocation();
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

  const invoice = match('/portal/invoices/:id', path);
  const quote = match('/portal/quotes/:id', path);
  const creditNote = match('/portal/credit-notes/:id', path);
  let page: ReactNode;
  if (!languageReady) page = <Loading what={t('app.opening')} />;
  else if (path === '/portal/sign-in') page = <TokenSignIn kind="magic" onDone={signedIn} />;
  else if (path === '/portal/set-password') page = <TokenSignIn kind="invite" onDone={signedIn} />;
  else if (path === '/portal/reset-password') page = <TokenSignIn kind="reset" onDone={signedIn} />;
  else if (path === '/portal/forgot') page = <ForgotPassword />;
  else if (path === '/portal/link-unavailable') page = <LinkUnavailable />;
  else if (me === undefined) page = <Loading what={t('app.opening')} />;
  else if (me === null || PUBLIC_PAGES.includes(path)) page = <PortalLogin onDone={signedIn} ended={ended} />;
  else if (invoice) page = <PortalInvoicePage key={invoice.id} id={invoice.id!} me={me} />;
  else if (quote) page = <PortalQuotePage key={quote.id} id={quote.id!} me={me} />;
  else if (creditNote) page = <PortalCreditNotePage key={creditNote.id} id={creditNote.id!} me={me} />;
  else if (path === '/portal/quotes') page = <PortalQuotes me={me} />;
  else if (path === '/portal/credit-notes') page = <PortalCreditNotes me={me} />;
  else if (path === '/portal/statement' && me.scope.kind === 'account') page = <PortalStatement me={me} />;
  else page = <PortalInvoices me={me} />;

  return (
    <div className="portal" style={brandStyle(branding)}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="portal-bar">
        <PortalBrandMark fallback={t('app.portalName')} />
        {me?.client.name && (
          <span className="portal-client muted small">
            {t('app.invoicesFor', { client: me.client.name })}
          </span>
        )}
        {me && (
          <div className="usermenu">
            <span className="username">{me.contact.name}</span>
            {me.scope.kind === 'account' && (
              <nav aria-label={t('app.yourDocuments')} className="portal-nav">
                <Link href="/portal/invoices">{t('app.allInvoices')}</Link>
                <Link href="/portal/quotes">{t('app.quotes')}</Link>
                <Link href="/portal/credit-notes">{t('app.creditNotes')}</Link>
                <Link href="/portal/statement">{t('app.statement')}</Link>
              </nav>
            )}
            <button type="button" className="button button-ghost button-small" onClick={logout}>
              {t('app.logOut')}
            </button>
          </div>
        )}
      </header>
      <main id="main" className="portal-main">
        {page}
      </main>
      <PortalFooter />
    </div>
  );
}
