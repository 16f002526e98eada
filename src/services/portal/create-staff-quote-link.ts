import { ConflictError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { loadQuote } from '../quotes/load-quote.ts';
import type { PortalDeps } from './portal-context.ts';
import { makeStaffLink, type StaffInvoiceLink } from './staff-link.ts';

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
  return deps.db.transaction().execute(async (trx) => {
    const { quote } = await loadQuote(trx, quoteId, { lock: true });
    if (quote.status === 'draft') {
      throw new ConflictError(
        'quote_not_sent',
        'This quote is a draft, which clients cannot see: send it or mark it as sent first',
      );
    }
    return makeStaffLink(
      trx,
      deps,
      { kind: 'quote', id: quoteId, clientId: quote.client_id },
      input.contactId,
      (data, at) =>
        recordDocumentEvent(trx, actor, {
          kind: 'quote',
          documentId: quoteId,
          type: 'portal_link_created',
          data: { ...data },
          at,
        }),
    );
  });
}
