import { createRoute, redirect } from '@tanstack/react-router';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { AdminApp, StaffNotFound } from '../admin/AdminApp.tsx';
import { ClientPage } from '../admin/ClientPage.tsx';
import { ClientStatementPage } from '../admin/ClientStatementPage.tsx';
import { ClientsPage } from '../admin/ClientsPage.tsx';
import { CreditNoteEditorPage } from '../admin/CreditNoteEditorPage.tsx';
import { CreditNotePage } from '../admin/CreditNotePage.tsx';
import { CreditNotesPage } from '../admin/CreditNotesPage.tsx';
import { DashboardPage } from '../admin/DashboardPage.tsx';
import { InvoiceEditorPage } from '../admin/InvoiceEditorPage.tsx';
import { InvoicePage } from '../admin/InvoicePage.tsx';
import { InvoicesPage } from '../admin/InvoicesPage.tsx';
import { ItemPage } from '../admin/ItemPage.tsx';
import { ItemsPage } from '../admin/ItemsPage.tsx';
import { ImportPage } from '../admin/imports/ImportPage.tsx';
import { QuoteEditorPage } from '../admin/QuoteEditorPage.tsx';
import { QuotePage } from '../admin/QuotePage.tsx';
import { QuotesPage } from '../admin/QuotesPage.tsx';
import { RecurringPage } from '../admin/RecurringPage.tsx';
import { RecurringProfileEditorPage } from '../admin/RecurringProfileEditorPage.tsx';
import { RecurringProfilePage } from '../admin/RecurringProfilePage.tsx';
import { SettingsPage } from '../admin/SettingsPage.tsx';
import { Loading } from '../components/ui.tsx';
import { rootRoute } from './root-route.tsx';

// Loaded on first use: the chart library is large and only the report pages need it.
const ReportsPage = lazy(() => import('../admin/reports/ReportsPage.tsx'));

/** The staff app: its session, the shell, and the page of the address in the shell. */
export const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'app',
  component: () => <AdminApp />,
  notFoundComponent: StaffNotFound,
});

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/app', replace: true });
  },
});

/** The sign-in page (AdminApp shows it instead of the shell); `next` is where to go once signed in. */
const loginRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'login',
  validateSearch: z.object({ next: z.string().optional() }),
});

function staffPage(path: string, component: () => ReactNode) {
  return createRoute({ getParentRoute: () => staffRoute, path, component });
}

const invoiceRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'invoices/$id',
  component: () => {
    const { id } = invoiceRoute.useParams();
    return <InvoicePage key={id} id={id} />;
  },
});
const invoiceEditRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'invoices/$id/edit',
  component: () => {
    const { id } = invoiceEditRoute.useParams();
    return <InvoiceEditorPage key={id} id={id} />;
  },
});
const quoteRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'quotes/$id',
  component: () => {
    const { id } = quoteRoute.useParams();
    return <QuotePage key={id} id={id} />;
  },
});
const quoteEditRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'quotes/$id/edit',
  component: () => {
    const { id } = quoteEditRoute.useParams();
    return <QuoteEditorPage key={id} id={id} />;
  },
});
const creditNoteRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'credit-notes/$id',
  component: () => {
    const { id } = creditNoteRoute.useParams();
    return <CreditNotePage key={id} id={id} />;
  },
});
const creditNoteEditRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'credit-notes/$id/edit',
  component: () => {
    const { id } = creditNoteEditRoute.useParams();
    return <CreditNoteEditorPage key={id} id={id} />;
  },
});
const clientRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'clients/$id',
  component: () => {
    const { id } = clientRoute.useParams();
    return <ClientPage key={id} id={id} />;
  },
});
const clientStatementRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'clients/$id/statement',
  component: () => {
    const { id } = clientStatementRoute.useParams();
    return <ClientStatementPage key={id} id={id} />;
  },
});
const itemRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'items/$id',
  component: () => {
    const { id } = itemRoute.useParams();
    return <ItemPage key={id} id={id} />;
  },
});
const recurringProfileRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'recurring/$id',
  component: () => {
    const { id } = recurringProfileRoute.useParams();
    return <RecurringProfilePage key={id} id={id} />;
  },
});
const recurringProfileEditRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'recurring/$id/edit',
  component: () => {
    const { id } = recurringProfileEditRoute.useParams();
    return <RecurringProfileEditorPage key={id} id={id} />;
  },
});
const reportRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'reports/$report',
  component: () => <Reports report={reportRoute.useParams().report} />,
});
const settingsTabRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'settings/$tab',
  component: () => <SettingsPage tab={settingsTabRoute.useParams().tab} />,
});

function Reports({ report }: { report: string }) {
  const { t } = useTranslation('staff');
  return (
    <Suspense fallback={<Loading what={t('nav.openingReports')} />}>
      <ReportsPage report={report} />
    </Suspense>
  );
}

export const staffRoutes = [
  indexRoute,
  staffRoute.addChildren([
    loginRoute,
    staffPage('/', () => <DashboardPage />),
    staffPage('invoices', () => <InvoicesPage />),
    staffPage('invoices/new', () => <InvoiceEditorPage />),
    staffPage('invoices/import', () => <ImportPage kind="invoices" />),
    invoiceEditRoute,
    invoiceRoute,
    staffPage('quotes', () => <QuotesPage />),
    staffPage('quotes/new', () => <QuoteEditorPage />),
    quoteEditRoute,
    quoteRoute,
    staffPage('credit-notes', () => <CreditNotesPage />),
    creditNoteEditRoute,
    creditNoteRoute,
    staffPage('clients', () => <ClientsPage />),
    staffPage('clients/new', () => <ClientPage />),
    staffPage('clients/import', () => <ImportPage kind="clients" />),
    clientStatementRoute,
    clientRoute,
    staffPage('items', () => <ItemsPage />),
    staffPage('items/new', () => <ItemPage />),
    staffPage('items/import', () => <ImportPage kind="items" />),
    itemRoute,
    staffPage('recurring', () => <RecurringPage />),
    staffPage('recurring/new', () => <RecurringProfileEditorPage />),
    recurringProfileEditRoute,
    recurringProfileRoute,
    staffPage('reports', () => <Reports report="aging" />),
    reportRoute,
    staffPage('settings', () => <SettingsPage tab="business" />),
    settingsTabRoute,
  ]),
] as const;
