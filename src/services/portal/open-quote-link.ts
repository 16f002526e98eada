import type { Db } from '../../db/client.ts';
import { hashToken } from '../auth/secrets.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { consumeRateLimit, ipKey, TOKEN_IP_POLICY } from '../rate-limit.ts';
import { LinkExpiredError } from './open-invoice-link.ts';
import { contactMayUsePortal } from './portal-access.ts';
import { type OpenedPortalSession, sessionForLink } from './portal-session.ts';

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

/**
 * Opens a quote link, like openInvoiceLink: the token's hash must match a link that is not revoked or expired, whose
 * contact may use the portal, whose quote is addressed to that contact's client and has been sent. Starts a session
 * that sees that one quote only (a contact signed in with their account keeps that session). Unknown, revoked and
 * unusable links answer 404, an expired one 410.
 */
export async function openQuoteLink(
  deps: ServiceDeps,
  input: { token: string; ip: string; previousToken?: string | undefined },
): Promise<OpenedPortalSession & { quoteId: string; contactId: string }> {
  const now = deps.clock.now();
  await consumeRateLimit(deps.db, [{ key: ipKey('portal-token', input.ip), policy: TOKEN_IP_POLICY }], now);
  return deps.db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom('invoice_links')
      .innerJoin('quotes', 'quotes.id', 'invoice_links.quote_id')
      .innerJoin('contacts', 'contacts.id', 'invoice_links.contact_id')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .select([
        'invoice_links.id',
        'quotes.id as quote_id',
        'invoice_links.contact_id',
        'invoice_links.expires_at',
      ])
      .where('invoice_links.token_hash', '=', hashToken(input.token))
      .where('invoice_links.revoked_at', 'is', null)
      .whereRef('quotes.client_id', '=', 'contacts.client_id')
      .where('quotes.status', '!=', 'draft')
      .where(contactMayUsePortal)
      .executeTakeFirst();
    if (!link) throw new NotFoundError('Link');
    if (link.expires_at <= now) throw new LinkExpiredError();
    await trx.updateTable('invoice_links').set({ last_used_at: now }).where('id', '=', link.id).execute();
    const session = await sessionForLink(trx, {
      contactId: link.contact_id,
      now,
      previousToken: input.previousToken,
      link: { id: link.id, invoiceId: null, expiresAt: link.expires_at },
    });
    return { ...session, quoteId: link.quote_id, contactId: link.contact_id };
  });
}
