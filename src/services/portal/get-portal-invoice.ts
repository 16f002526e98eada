import type { SettingsRow } from '../../db/schema.ts';
import type { ServiceDeps } from '../context.ts';
import { documentParties } from '../documents/document-parties.ts';
import { toInvoiceView } from '../invoices/invoice-view.ts';
import { listInvoiceRevisions } from '../invoices/list-invoice-revisions.ts';
import { loadInvoice } from '../invoices/load-invoice.ts';
import { paymentViews } from '../payments/payment-view.ts';
import { getSettings } from '../settings/get-settings.ts';
import { assertPortalInvoice } from './find-portal-invoice.ts';
import type { PortalPrincipal } from './portal-context.ts';

/**
 * One invoice as its client sees it: the organisation's branding, lines, taxes, discounts and totals from the totals
 * engine, status (void shows as void), the payments that count (staff notes and deleted payments stay internal) and
 * which revision this is.
 */
export async function getPortalInvoice(deps: ServiceDeps, principal: PortalPrincipal, invoiceId: string) {
  await assertPortalInvoice(deps.db, principal, invoiceId);
  const [record, settings, payments, revisions, parties] = await Promise.all([
    loadInvoice(deps.db, invoiceId),
    getSettings(deps.db),
    paymentViews(deps.db, invoiceId),
    listInvoiceRevisions(deps, invoiceId),
    // The contact's own client: the check above tied the invoice to it.
    documentParties(deps.db, principal.clientId),
  ]);
  const { project: _project, ...invoice } = toInvoiceView(record, deps.clock.now());
  const latest = revisions.at(-1);
  return {
    ...invoice,
    business: portalBusinessView(settings),
    parties,
    payments: payments
      .filter((payment) => payment.deletedAt === null && payment.status === 'succeeded')
      .map((payment) => ({
        id: payment.id,
        amount: payment.amount,
        refundedAmount: payment.refundedAmount,
        paidOn: payment.paidOn,
        method: payment.method,
        reference: payment.reference,
      })),
    revision: latest ? { revision: latest.revision, createdAt: latest.createdAt } : null,
    // Drafts are the organisation's work in progress: the client sees issued credit notes only.
    creditNotes: invoice.creditNotes.filter((note) => note.status === 'issued'),
  };
}

/** The organisation as the portal shows it beside a document: name, address, contact details and branding. */
export function portalBusinessView(settings: SettingsRow) {
  return {
    name: settings.business_name,
    address: {
      line1: settings.address_line1,
      line2: settings.address_line2,
      city: settings.city,
      region: settings.region,
      postalCode: settings.postal_code,
      country: settings.country,
    },
    email: settings.email,
    phone: settings.phone,
    website: settings.website,
    taxId: settings.tax_id,
    accentColor: settings.accent_color,
    paymentInstructions: settings.payment_instructions,
    paymentTermsText: settings.payment_terms_text,
    footer: settings.footer,
  };
}
