import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export interface InvoiceOpenView {
  contactId: string;
  contactName: string;
  contactEmail: string;
  firstOpenedAt: string;
  lastOpenedAt: string;
  opens: number;
}

/** When each contact opened an invoice in the portal (by link or after logging in), for staff. */
export async function listInvoiceOpens(
  deps: ServiceDeps,
  invoiceId: string,
): Promise<{ items: InvoiceOpenView[] }> {
  const invoice = await deps.db
    .selectFrom('invoices')
    .select('id')
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw new NotFoundError('Invoice');
  const rows = await deps.db
    .selectFrom('portal_invoice_opens')
    .innerJoin('contacts', 'contacts.id', 'portal_invoice_opens.contact_id')
    .select((eb) => [
      'contacts.id',
      'contacts.name',
      'contacts.email',
      eb.fn.min('portal_invoice_opens.opened_at').as('first_opened_at'),
      eb.fn.max('portal_invoice_opens.opened_at').as('last_opened_at'),
      eb.fn.countAll<string>().as('opens'),
    ])
    .where('portal_invoice_opens.invoice_id', '=', invoiceId)
    .groupBy(['contacts.id', 'contacts.name', 'contacts.email'])
    .orderBy('last_opened_at', 'desc')
    .execute();
  return {
    items: rows.map((row) => ({
      contactId: row.id,
      contactName: row.name,
      contactEmail: row.email,
      firstOpenedAt: new Date(row.first_opened_at).toISOString(),
      lastOpenedAt: new Date(row.last_opened_at).toISOString(),
      opens: Number(row.opens),
    })),
  };
}
