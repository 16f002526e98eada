import type { Reader } from '../../domain/language.ts';
import { paymentTermsText } from '../../i18n/document-words.ts';
import { translator } from '../../i18n/messages.ts';
import type { DocumentPresentation } from '../../ports.ts';
import type { InvoiceView } from './invoice-view.ts';

const STAMPS: Partial<Record<InvoiceView['status'], { key: string; tone: 'good' | 'bad' }>> = {
  paid: { key: 'stamp.paid', tone: 'good' },
  credited: { key: 'stamp.credited', tone: 'good' },
  void: { key: 'stamp.void', tone: 'bad' },
};

const isZero = (amount: string) => /^-?0(\.0*)?$/.test(amount);

/**
 * How an invoice presents itself on paper, in the reader's language: its number and dates, the balance due, a paid
 * or void stamp.
 */
export function invoicePresentation(invoice: InvoiceView, reader: Reader): DocumentPresentation {
  const t = translator(reader.language, 'documents');
  const terms = paymentTermsText(t, invoice.paymentTerms);
  const stamp = STAMPS[invoice.status];
  return {
    title: t('title.invoice'),
    number: invoice.number,
    meta: [
      { label: t('meta.invoiceNumber'), value: invoice.number ?? t('meta.draft') },
      { label: t('meta.issueDate'), value: invoice.issueDate, date: true },
      { label: t('meta.dueDate'), value: invoice.dueDate, date: true },
      ...(terms ? [{ label: t('meta.terms'), value: terms }] : []),
    ],
    partyHeading: t('party.billTo'),
    headline: { label: t('figures.balanceDue'), amount: invoice.totals.balanceDue },
    afterTotal: [
      { label: t('figures.amountPaid'), amount: invoice.totals.amountPaid },
      ...(isZero(invoice.totals.amountCredited)
        ? []
        : [{ label: t('figures.credited'), amount: invoice.totals.amountCredited }]),
    ],
    stamp: stamp ? { text: t(stamp.key), tone: stamp.tone } : null,
    sections: [[t('section.void'), invoice.status === 'void' ? (invoice.voidReason ?? '') : '']],
    paymentDetails: true,
  };
}
