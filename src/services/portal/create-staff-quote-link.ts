import { ConflictError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { loadQuote } from '../quotes/load-quote.ts';
import { createInvoiceLink } from './create-invoice-link.ts';
import { chooseLinkContact, type StaffInvoiceLink } from './create-staff-invoice-link.ts';
import type { PortalDeps } from './portal-context.ts';

/**
 * Staff ask for a fresh portal link to a sent quote for one contact of its client, to hand over themselves, like
 * createStaffInvoiceLink: drafts (not visible in the portal) and quotes of an archived client are refused (409).
 * The link and the timeline event are written in one transaction, under the quote's row lock.
 */
export async function createStaffQuoteLink(
  deps: PortalDeps,
  actor: Actor,
  quoteId: string,
  input: { contactId?: string | undefined },
): Promise<StaffInvoiceLink> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { quote } = await loadQuote(trx, quoteId, { lock: true });
    if (quote.status === 'draft') {
      throw new ConflictError(
        'quote_not_sent',
        'This quote is a draft, which clients cannot see: send it or mark it as sent first',
      );
    }
    const client = await trx
      .selectFrom('clients')
      .select('archived_at')
      .where('id', '=', quote.client_id)
      .executeTakeFirstOrThrow();
    if (client.archived_at) {
      throw new ConflictError(
        'client_archived',
        "The quote's client is archived, so its contacts cannot use the portal; restore the client first",
      );
    }
    const contact = await chooseLinkContact(trx, quote.client_id, input.contactId, 'quote');
    const link = await createInvoiceLink(trx, { quoteId, contactId: contact.id, now });
    const email = contact.email.trim();
    // The event names the link and the contact, never the token.
    await recordDocumentEvent(trx, actor, {
      kind: 'quote',
      documentId: quoteId,
      type: 'portal_link_created',
      data: {
        linkId: link.id,
        contactId: contact.id,
        contactName: contact.name,
        contactEmail: email,
        expiresAt: link.expiresAt.toISOString(),
      },
      at: now,
    });
    return {
      url: `${deps.appUrl.replace(/\/+$/, '')}${link.path}`,
      expiresAt: link.expiresAt.toISOString(),
      contact: { id: contact.id, name: contact.name, email },
    };
  });
}
