import { currencyExponent, formatMinor } from '../../domain/currency.ts';
import type { ServiceDeps } from '../context.ts';

export interface PaymentInReview {
  id: string;
  invoice: { id: string; number: string | null; clientName: string };
  amount: string;
  currency: string;
  provider: string;
  reference: string;
  reason: string;
  receivedAt: string;
}

/** Gateway payments held for staff's decision, oldest first: the work list behind "payments to review". */
export async function listPaymentsInReview(deps: ServiceDeps): Promise<PaymentInReview[]> {
  const rows = await deps.db
    .selectFrom('payments')
    .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
    .innerJoin('clients', 'clients.id', 'invoices.client_id')
    .select([
      'payments.id',
      'payments.invoice_id',
      'invoices.number',
      'clients.name as client_name',
      'payments.amount_minor',
      'payments.currency',
      'payments.provider',
      'payments.reference',
      'payments.review_reason',
      'payments.created_at',
    ])
    .where('payments.review_reason', 'is not', null)
    .where('payments.reviewed_at', 'is', null)
    .where('payments.deleted_at', 'is', null)
    .orderBy('payments.created_at')
    .limit(200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    invoice: { id: row.invoice_id, number: row.number, clientName: row.client_name },
    amount: formatMinor(row.amount_minor, currencyExponent(row.currency)),
    currency: row.currency,
    provider: row.provider,
    reference: row.reference,
    reason: row.review_reason ?? '',
    receivedAt: row.created_at.toISOString(),
  }));
}
