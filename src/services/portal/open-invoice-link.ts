import type { ServiceDeps } from '../context.ts';
import { openPortalLink, type PortalLinkKind, type PortalLinkRequest } from './open-portal-link.ts';
import { contactMayUsePortal } from './portal-access.ts';
import type { OpenedPortalSession } from './portal-session.ts';

const invoiceLinks: PortalLinkKind = {
  find: (trx, tokenHash) =>
    trx
      .selectFrom('invoice_links')
      .innerJoin('invoices', 'invoices.id', 'invoice_links.invoice_id')
      .innerJoin('contacts', 'contacts.id', 'invoice_links.contact_id')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .select([
        'invoice_links.id',
        'invoices.id as documentId',
        'invoice_links.contact_id as contactId',
        'invoice_links.expires_at as expiresAt',
      ])
      .where('invoice_links.token_hash', '=', tokenHash)
      .where('invoice_links.revoked_at', 'is', null)
      .whereRef('invoices.client_id', '=', 'contacts.client_id')
      .where('invoices.status', '!=', 'draft')
      .where(contactMayUsePortal)
      .executeTakeFirst(),
  sessionSeesInvoice: true,
};

/**
 * Opens an invoice link: the token's hash must match a link that is not revoked or expired, whose contact may use
 * the portal, whose invoice is addressed to that contact's client and is not a draft. Starts a session that sees
 * that one invoice only. Unknown, revoked and unusable links all answer the same 404.
 */
export async function openInvoiceLink(
  deps: ServiceDeps,
  input: PortalLinkRequest,
): Promise<OpenedPortalSession & { invoiceId: string; contactId: string }> {
  const { documentId, ...opened } = await openPortalLink(deps, input, invoiceLinks);
  return { ...opened, invoiceId: documentId };
}
