/** Shapes the portal pages of quotes and credit notes share with the invoice pages (see PortalApp.tsx). */
import type { Business } from '../components/DocumentView.tsx';
import type { Address } from '../types.ts';

/** Who is signed in to the portal: a contact with an account, or through one document's emailed link. */
export interface PortalViewer {
  contact: { id: string; name: string; email: string };
  /** einvoiceFormat: the e-invoice format the client prefers ('none': the PDF), offered first. */
  client: { id: string; name: string; einvoiceFormat?: string };
  scope: { kind: string };
}

/** The signed-in contact, as GET /me gives it. */
export interface PortalMe {
  contact: { id: string; name: string; email: string };
  /** language: the client's (its own setting, else the organisation's); locale: the formats of dates and money. */
  client: { id: string; name: string; einvoiceFormat?: string; language?: string; locale?: string };
  scope: { kind: 'account' } | { kind: 'invoice_link'; invoiceId: string };
  csrfToken: string;
}

/** The supplier's details a portal document carries, for its letterhead. */
export interface PortalBusiness {
  name: string;
  address: Address;
  email: string;
  phone: string;
  website: string;
  taxId: string;
  accentColor: string;
  paymentInstructions: string;
  paymentTermsText: string;
  footer: string;
}

/** Only an account sees lists; a session opened from an emailed link sees that one document. */
export const hasAccount = (viewer: PortalViewer) => viewer.scope.kind === 'account';

/** The letterhead of a document view. Payment instructions belong on invoices only. */
export function letterhead(business: PortalBusiness, { withPaymentInstructions = false } = {}): Business {
  return {
    businessName: business.name,
    address: business.address,
    email: business.email,
    phone: business.phone,
    website: business.website,
    taxId: business.taxId,
    accentColor: business.accentColor,
    paymentInstructions: withPaymentInstructions ? business.paymentInstructions : '',
    footer: business.footer,
  };
}
