import { presentInvoice } from '../../../src/domain/document-presentation.ts';
import type { Invoice } from '../types.ts';
import { type Business, DocumentView } from './DocumentView.tsx';

/** The invoice as the client sees it: its dates and terms, what was paid and the balance due, as on its PDF. */
export function InvoiceDocument({
  invoice,
  parties = invoice.parties,
  business,
  logoUrl,
}: {
  invoice: Invoice;
  /** The invoice's own, else (a revision) those of the invoice it belongs to. */
  parties?: Invoice['parties'];
  business: Pick<Business, 'accentColor' | 'footer' | 'businessName'> | null;
  logoUrl?: string | null;
}) {
  return (
    <DocumentView
      kind="invoice"
      document={invoice}
      parties={parties}
      present={(t) => presentInvoice(invoice, t, parties?.buyer ?? {})}
      status={invoice.status}
      business={business}
      logoUrl={logoUrl}
    />
  );
}
