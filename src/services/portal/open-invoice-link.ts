import { DomainError } from '../../domain/errors.ts';
import { hashToken } from '../auth/secrets.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { consumeRateLimit, ipKey, TOKEN_IP_POLICY } from '../rate-limit.ts';
import { contactMayUsePortal } from './portal-access.ts';
import { type OpenedPortalSession, sessionForLink } from './portal-session.ts';

/** The link existed but has expired: the caller may ask for a fresh one (410); the invoice stays hidden. */
export class LinkExpiredError extends DomainError {
  constructor() {
    super('link_expired', 'This link has expired; ask for a fresh one to be emailed to you');
    this.name = 'LinkExpiredError';
  }
}

/**
 * Opens an invoice link: the token's hash must match a link that is not revoked or expired, whose contact may use
 * the portal, whose invoice is addressed to that contact's client and is not a draft. Starts a session that sees
 * that one invoice only. Unknown, revoked and unusable links all answer the same 404.
 */
export async function openInvoiceLink(
  deps: ServiceDeps,
  input: { token: string; ip: string; previousToken?: string | undefined },
): Promise<OpenedPortalSession & { invoiceId: string; contactId: string }> {
  const now = deps.clock.now();
  await consumeRateLimit(deps.db, [{ key: ipKey('portal-token', input.ip), policy: TOKEN_IP_POLICY }], now);
  return deps.db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom('invoice_links')
      .innerJoin('invoices', 'invoices.id', 'invoice_links.invoice_id')
      .innerJoin('contacts', 'contacts.id', 'invoice_links.contact_id')
      .innerJoin('clients', 'clients.id', 'contacts.client_id')
      .select([
        'invoice_links.id',
        'invoice_links.invoice_id',
        'invoice_links.contact_id',
        'invoice_links.expires_at',
      ])
      .where('invoice_links.token_hash', '=', hashToken(input.token))
      .where('invoice_links.revoked_at', 'is', null)
      .whereRef('invoices.client_id', '=', 'contacts.client_id')
      .where('invoices.status', '!=', 'draft')
      .where(contactMayUsePortal)
      .executeTakeFirst();
    if (!link) throw new NotFoundError('Link');
    if (link.expires_at <= now) throw new LinkExpiredError();
    await trx.updateTable('invoice_links').set({ last_used_at: now }).where('id', '=', link.id).execute();
    const session = await sessionForLink(trx, {
      contactId: link.contact_id,
      now,
      previousToken: input.previousToken,
      link: { id: link.id, invoiceId: link.invoice_id, expiresAt: link.expires_at },
    });
    return { ...session, invoiceId: link.invoice_id, contactId: link.contact_id };
  });
}
