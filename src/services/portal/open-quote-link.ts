import type { Db } from '../../db/client.ts';
import { hashToken } from '../auth/secrets.ts';
import type { ServiceDeps } from '../context.ts';
import { openPortalLink, type PortalLinkKind, type PortalLinkRequest } from './open-portal-link.ts';
import { contactMayUsePortal } from './portal-access.ts';
import type { OpenedPortalSession } from './portal-session.ts';

/** Whether a link token belongs to a quote (portal links in quote emails share the invoice links' table and path). */
export async function isQuoteLinkToken(db: Db, token: string): Promise<boolean> {
  const row = await db
    .selectFrom('invoice_links')
    .select('id')
    .where('token_hash', '=', hashToken(token))
    .where('quote_id', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

const quoteLinks: PortalLinkKind = {
  find: (trx, tokenHash) =>
    trx
      .selectFrom('invoice_links')
      .innerJoin('quotes', 'quotes.id', 'invoice_links.quote_id')
      .innerJoin('contacts', 'contacts.id', 'invoice_links.contact_id')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .select([
        'invoice_links.id',
        'quotes.id as documentId',
        'invoice_links.contact_id as contactId',
        'invoice_links.expires_at as expiresAt',
      ])
      .where('invoice_links.token_hash', '=', tokenHash)
      .where('invoice_links.revoked_at', 'is', null)
      .whereRef('quotes.client_id', '=', 'contacts.client_id')
      .where('quotes.status', '!=', 'draft')
      .where(contactMayUsePortal)
      .executeTakeFirst(),
  sessionSeesInvoice: false,
};

/**
 * Opens a quote link, like openInvoiceLink: the token's hash must match a link that is not revoked or expired, whose
 * contact may use the portal, whose quote is addressed to that contact's client and has been sent. Starts a session
 * that sees that one quote only (a contact signed in with their account keeps that session). Unknown, revoked and
 * unusable links answer 404, an expired one 410.
 */
export async function openQuoteLink(
  deps: ServiceDeps,
  input: PortalLinkRequest,
): Promise<OpenedPortalSession & { quoteId: string; contactId: string }> {
  const { documentId, ...opened } = await openPortalLink(deps, input, quoteLinks);
  return { ...opened, quoteId: documentId };
}
