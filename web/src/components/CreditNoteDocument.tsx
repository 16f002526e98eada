import type { ReactNode } from 'react';
import { date } from '../format.ts';
import type { CreditNote } from '../types.ts';
import { type Business, DocumentView, type SummaryRow } from './DocumentView.tsx';

const isZero = (amount: string) => /^-?0(\.0+)?$/.test(amount);

/**
 * The credit note as the client sees it: the invoice it credits (its number and date, BT-25), the reason, and
 * where its amount went (applied to invoices, refunded, what is left as credit). `invoiceLink` renders the
 * invoice number (a link in the staff app and the portal).
 */
export function CreditNoteDocument({
  note,
  invoiceLink,
  business,
  logoUrl,
}: {
  note: Pick<CreditNote, 'status' | 'issueDate' | 'invoice' | 'reason' | 'credit'> &
    Parameters<typeof DocumentView>[0]['document'];
  invoiceLink: ReactNode;
  business: Business | null;
  logoUrl?: string | null;
}) {
  const summary: SummaryRow[] = [];
  if (note.status === 'issued') {
    if (!isZero(note.credit.applied))
      summary.push({ label: 'Applied to invoices', amount: note.credit.applied });
    if (!isZero(note.credit.refunded)) summary.push({ label: 'Refunded', amount: note.credit.refunded });
    summary.push({ label: 'Credit remaining', amount: note.credit.remaining, due: true });
  }
  return (
    <DocumentView
      title="Credit note"
      document={note}
      meta={[
        { label: 'Date', value: date(note.issueDate) },
        {
          label: 'Credits invoice',
          value: (
            <>
              {invoiceLink} of {date(note.invoice.issueDate)}
            </>
          ),
        },
        ...(note.reason ? [{ label: 'Reason', value: note.reason }] : []),
      ]}
      summary={summary}
      partyLabel="Credit to"
      business={business}
      logoUrl={logoUrl}
    />
  );
}
