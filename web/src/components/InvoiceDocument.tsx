import { date, STATUS_LABELS, termsLabel } from '../format.ts';
import type { Invoice } from '../types.ts';
import { type Business, DocumentView } from './DocumentView.tsx';

const isZero = (amount: string) => /^0(\.0+)?$/.test(amount);

/** The invoice as the client sees it: its dates and terms, what was paid and the balance due. */
export function InvoiceDocument({
  invoice,
  business,
  logoUrl,
}: {
  invoice: Invoice;
  business: Business | null;
  logoUrl?: string | null;
}) {
  const stamped = invoice.status === 'paid' || invoice.status === 'void' || invoice.status === 'credited';
  return (
    <DocumentView
      title="Invoice"
      document={invoice}
      meta={[
        { label: 'Issued', value: date(invoice.issueDate) },
        { label: 'Due', value: date(invoice.dueDate) },
        { label: 'Terms', value: termsLabel(invoice.paymentTerms) },
      ]}
      summary={[
        ...(isZero(invoice.totals.amountPaid)
          ? []
          : [{ label: 'Paid', amount: invoice.totals.amountPaid, subtract: true }]),
        ...(isZero(invoice.totals.amountCredited ?? '0')
          ? []
          : [{ label: 'Credited', amount: invoice.totals.amountCredited!, subtract: true }]),
        { label: 'Balance due', amount: invoice.totals.balanceDue, due: true },
      ]}
      stamp={
        stamped ? { label: STATUS_LABELS[invoice.status] ?? invoice.status, tone: invoice.status } : null
      }
      business={business}
      logoUrl={logoUrl}
    />
  );
}
