import type { Reader } from '../../domain/language.ts';
import { translator } from '../../i18n/messages.ts';
import type { DocumentPresentation } from '../../ports.ts';
import { formatCalendarDate } from '../email/invoice-email.ts';
import type { CreditNoteView } from './credit-note-view.ts';

/** "Credits invoice INV-2026-0007 of November 20, 2026": the reference to the invoice (BT-25, BT-26) in words. */
export function creditedInvoiceSentence(note: CreditNoteView, reader: Reader): string {
  return translator(reader.language, 'documents')('creditsInvoice', {
    number: note.invoice.number ?? '',
    date: formatCalendarDate(note.invoice.issueDate, reader.locale),
  });
}

/**
 * How a credit note presents itself on paper, in the reader's language: titled Credit note, with the invoice it
 * credits, the reason, the credit total as the headline and, once issued, where the credit went (applied, refunded,
 * remaining). No payment instructions: nobody pays a credit note.
 */
export function creditNotePresentation(note: CreditNoteView, reader: Reader): DocumentPresentation {
  const t = translator(reader.language, 'documents');
  const issued = note.status === 'issued';
  return {
    title: t('title.creditNote'),
    number: note.number,
    meta: [
      { label: t('meta.creditNoteNumber'), value: note.number ?? t('meta.draft') },
      { label: t('meta.issueDate'), value: note.issueDate, date: true },
      { label: t('meta.creditedInvoice'), value: note.invoice.number ?? '' },
      { label: t('meta.invoiceDate'), value: note.invoice.issueDate, date: true },
    ],
    partyHeading: t('party.creditTo'),
    headline: { label: t('figures.creditTotal'), amount: note.credit.total },
    afterTotal: issued
      ? [
          { label: t('figures.appliedToInvoices'), amount: note.credit.applied },
          { label: t('figures.refunded'), amount: note.credit.refunded },
          { label: t('figures.remainingCredit'), amount: note.credit.remaining },
        ]
      : [],
    stamp: null,
    sections: [
      [t('section.creditedInvoice'), creditedInvoiceSentence(note, reader)],
      [t('section.reason'), note.reason],
    ],
    paymentDetails: false,
  };
}
