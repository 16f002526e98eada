import type { ServiceDeps } from '../context.ts';
import { markInvoiceViewed } from '../invoices/mark-invoice-viewed.ts';

/**
 * A contact opened an invoice in the portal: logged for staff ("last opened"), and the invoice's viewed state is
 * updated by the invoices service (Sent -> Viewed on the first open).
 */
export async function recordInvoiceOpen(
  deps: ServiceDeps,
  input: { invoiceId: string; contactId: string; via: 'link' | 'portal' },
): Promise<void> {
  await deps.db
    .insertInto('portal_invoice_opens')
    .values({
      contact_id: input.contactId,
      invoice_id: input.invoiceId,
      via: input.via,
      opened_at: deps.clock.now(),
    })
    .execute();
  await markInvoiceViewed(deps, { invoiceId: input.invoiceId, contactId: input.contactId });
}
