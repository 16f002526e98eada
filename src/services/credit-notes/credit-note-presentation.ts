import type { DocumentPresentation } from '../../ports.ts';
import { formatCalendarDate } from '../email/invoice-email.ts';
import type { CreditNoteView } from './credit-note-view.ts';

/** "Credits invoice INV-2026-0007 of November 20, 2026": the reference to the invoice (BT-25, BT-26) in words. */
export function creditedInvoiceSentence(note: CreditNoteView, locale: string): string {
  return `Credits invoice ${note.invoice.number ?? ''} of ${formatCalendarDate(note.invoice.issueDate, locale)}`;
}

/**
 * How a credit note presents itself on paper: titled Credit note, with the invoice it credits, the reason, the
 * credit total as the headline and, once issued, where the credit went (applied, refunded, remaining). No payment
 * instructions: nobody pays a credit note.
 */
export function creditNotePresentation(note: CreditNoteView, locale: string): DocumentPresentation {
  const issued = note.status === 'issued';
  return {
    title: 'Credit note',
    number: note.number,
    meta: [
      { label: 'Credit note number', value: note.number ?? 'Draft' },
      { label: 'Issue date', value: note.issueDate, date: true },
      { label: 'Credited invoice', value: note.invoice.number ?? '' },
      { label: 'Invoice date', value: note.invoice.issueDate, date: true },
    ],
    partyHeading: 'Credit to',
    headline: { label: 'Credit total', amount: note.credit.total },
    afterTotal: issued
      ? [
          { label: 'Applied to invoices', amount: note.credit.applied },
          { label: 'Refunded', amount: note.credit.refunded },
          { label: 'Remaining credit', amount: note.credit.remaining },
        ]
      : [],
    stamp: null,
    sections: [
      ['Credited invoice', creditedInvoiceSentence(note, locale)],
      ['Reason', note.reason],
    ],
    paymentDetails: false,
  };
}
