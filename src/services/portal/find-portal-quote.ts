import type { Db, Trx } from '../../db/client.ts';
import { NotFoundError } from '../errors.ts';
import type { PortalPrincipal } from './portal-context.ts';

/**
 * The one gate for a contact reaching a quote by id: the quote belongs to the contact's client and has been sent,
 * and a session opened by a link sees only that link's quote (an invoice link's session sees no quote), all in the
 * SQL. Anything else is the same 404 as an unknown id.
 */
export async function assertPortalQuote(
  db: Db | Trx,
  principal: PortalPrincipal,
  quoteId: string,
): Promise<void> {
  if (principal.invoiceId && !principal.quoteId) throw new NotFoundError('Quote');
  let query = db
    .selectFrom('quotes')
    .select('quotes.id')
    .where('quotes.id', '=', quoteId)
    .where('quotes.client_id', '=', principal.clientId)
    .where('quotes.status', '!=', 'draft');
  if (principal.quoteId) query = query.where('quotes.id', '=', principal.quoteId);
  if (!(await query.executeTakeFirst())) throw new NotFoundError('Quote');
}
