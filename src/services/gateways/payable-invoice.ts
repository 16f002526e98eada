import type { Db, Trx } from '../../db/client.ts';
import { ConflictError } from '../../domain/errors.ts';
import { NotFoundError } from '../errors.ts';
import { computeRecordTotals } from '../invoices/invoice-view.ts';
import { type InvoiceRecord, loadInvoice } from '../invoices/load-invoice.ts';
import type { PortalPrincipal } from '../portal/portal-context.ts';

/**
 * An invoice as the contact may pay it: scoped by the contact's client in the query (another client's invoice, a
 * draft, or another invoice than the one a link session is for answers 404, like an id that does not exist).
 */
export async function loadInvoiceForContact(db: Db, principal: PortalPrincipal, invoiceId: string) {
  const visible = await db
    .selectFrom('invoices')
    .select('id')
    .where('id', '=', invoiceId)
    .where('client_id', '=', principal.clientId)
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  if (!visible || (principal.invoiceId !== null && principal.invoiceId !== invoiceId)) {
    throw new NotFoundError('Invoice');
  }
  return loadInvoice(db, invoiceId);
}

/** The balance a client can pay online now; refuses void and settled invoices in words the client understands. */
export function payableBalance(record: InvoiceRecord): bigint {
  if (record.invoice.status === 'void') {
    throw new ConflictError('invoice_void', 'This invoice is void: there is nothing to pay');
  }
  const balance = computeRecordTotals(record).balanceDue;
  if (record.invoice.status === 'paid' || balance <= 0n) {
    throw new ConflictError('invoice_paid', 'This invoice is paid in full: there is nothing left to pay');
  }
  return balance;
}

export type { Trx };
