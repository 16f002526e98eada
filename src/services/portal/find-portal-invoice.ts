import type { Db, Trx } from '../../db/client.ts';
import { NotFoundError } from '../errors.ts';
import type { PortalPrincipal } from './portal-context.ts';

/**
 * The one gate for a contact reaching an invoice by id: the invoice belongs to the contact's client, is not a draft
 * and, for a link session, is the link's invoice, all in the SQL. Anything else is the same 404 as an unknown id.
 */
export async function assertPortalInvoice(
  db: Db | Trx,
  principal: PortalPrincipal,
  invoiceId: string,
): Promise<void> {
  let query = db
    .selectFrom('invoices')
    .select('invoices.id')
    .where('invoices.id', '=', invoiceId)
    .where('invoices.client_id', '=', principal.clientId)
    .where('invoices.status', '!=', 'draft');
  if (principal.invoiceId) query = query.where('invoices.id', '=', principal.invoiceId);
  if (!(await query.executeTakeFirst())) throw new NotFoundError('Invoice');
}
