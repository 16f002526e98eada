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
  note: Pick<
    CreditNote,
    'status' | 'issueDate' | 'invoice' | 'reason' | 'amountApplied' | 'amountRefunded' | 'amountRemaining'
  > &
    Parameters<typeof DocumentView>[0]['document'];
  invoiceLink: ReactNode;
  business: Business | null;
  logoUrl?: string | null;
}) {
  const summary: SummaryRow[] = [];
  if (note.status === 'issued') {
    if (!isZero(note.amountApplied))
      summary.push({ label: 'Applied to invoices', amount: note.amountApplied });
    if (!isZero(note.amountRefunded)) summary.push({ label: 'Refunded', amount: note.amountRefunded });
    summary.push({ label: 'Credit remaining', amount: note.amountRemaining, due: true });
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
