import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { paymentViews } from './payment-view.ts';

/** An invoice's payments, oldest first, including deleted and refunded ones (they stay on record). */
export async function listPayments(deps: ServiceDeps, invoiceId: string) {
  const invoice = await deps.db
    .selectFrom('invoices')
    .select('id')
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw new NotFoundError('Invoice');
  return paymentViews(deps.db, invoiceId);
}
