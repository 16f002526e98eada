import { createRoute, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Loading } from '../components/ui.tsx';
import { PortalApp } from '../portal/PortalApp.tsx';
import { ForgotPassword, LinkUnavailable, PortalLogin, TokenSignIn } from '../portal/PortalAuthPages.tsx';
import { PortalCreditNotePage, PortalCreditNotes } from '../portal/PortalCreditNotes.tsx';
import { PortalInvoicePage, PortalInvoices } from '../portal/PortalInvoicePages.tsx';
import { PortalQuotePage, PortalQuotes } from '../portal/PortalQuotes.tsx';
import { PortalStatement } from '../portal/PortalStatement.tsx';
import { SignedInOnly, usePortalSession, useSignedInContact } from '../portal/portal-session.tsx';
import { rootRoute } from './root-route.tsx';

/** The invoice list is the portal's home: unknown portal addresses show it too, as they always have. */
function Invoices() {
  return <PortalInvoices me={useSignedInContact()} />;
}

const portalRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'portal',
  component: PortalApp,
  notFoundComponent: () => (
    <SignedInOnly>
      <Invoices />
    </SignedInOnly>
  ),
});

function TokenPage({ kind }: { kind: 'magic' | 'invite' | 'reset' }) {
  return <TokenSignIn kind={kind} onDone={usePortalSession().signedIn} />;
}

const loginRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: 'login',
  component: function Login() {
    const { me, ended, signedIn } = usePortalSession();
    const { t } = useTranslation();
    if (me === undefined) return <Loading what={t('app.opening')} />;
    return <PortalLogin onDone={signedIn} ended={ended} />;
  },
});

/** The pages of a signed-in contact; the sign-in form stands in for them until then. */
const signedInRoute = createRoute({
  getParentRoute: () => portalRoute,
  id: 'signed-in',
  component: () => (
    <SignedInOnly>
      <Outlet />
    </SignedInOnly>
  ),
});

function signedInPage(path: string, component: () => ReactNode) {
  return createRoute({ getParentRoute: () => signedInRoute, path, component });
}

const invoiceRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'invoices/$id',
  validateSearch: z.object({ payment: z.string().optional() }),
  component: () => {
    const { id } = invoiceRoute.useParams();
    return <PortalInvoicePage key={id} id={id} me={useSignedInContact()} />;
  },
});
const quoteRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'quotes/$id',
  component: () => {
    const { id } = quoteRoute.useParams();
    return <PortalQuotePage key={id} id={id} me={useSignedInContact()} />;
  },
});
const creditNoteRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: 'credit-notes/$id',
  component: () => {
    const { id } = creditNoteRoute.useParams();
    return <PortalCreditNotePage key={id} id={id} me={useSignedInContact()} />;
  },
});

/** The statement is for a signed-in account; someone who came by an invoice link sees their invoices. */
function Statement() {
  const me = useSignedInContact();
  return me.scope.kind === 'account' ? <PortalStatement me={me} /> : <PortalInvoices me={me} />;
}

export const portalRoutes = [
  portalRoute.addChildren([
    loginRoute,
    createRoute({
      getParentRoute: () => portalRoute,
      path: 'sign-in',
      component: () => <TokenPage kind="magic" />,
    }),
    createRoute({
      getParentRoute: () => portalRoute,
      path: 'set-password',
      component: () => <TokenPage kind="invite" />,
    }),
    createRoute({
      getParentRoute: () => portalRoute,
      path: 'reset-password',
      component: () => <TokenPage kind="reset" />,
    }),
    createRoute({ getParentRoute: () => portalRoute, path: 'forgot', component: ForgotPassword }),
    createRoute({ getParentRoute: () => portalRoute, path: 'link-unavailable', component: LinkUnavailable }),
    signedInRoute.addChildren([
      signedInPage('/', Invoices),
      signedInPage('invoices', Invoices),
      invoiceRoute,
      signedInPage('quotes', () => <PortalQuotes me={useSignedInContact()} />),
      quoteRoute,
      signedInPage('credit-notes', () => <PortalCreditNotes me={useSignedInContact()} />),
      creditNoteRoute,
      signedInPage('statement', Statement),
    ]),
  ]),
] as const;
