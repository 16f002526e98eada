import { paymentTermsInWords } from '../../domain/dates.ts';
import type { DocumentPresentation } from '../../ports.ts';
import type { InvoiceView } from './invoice-view.ts';

const STAMPS: Partial<Record<InvoiceView['status'], DocumentPresentation['stamp']>> = {
  paid: { text: 'Paid', tone: 'good' },
  credited: { text: 'Credited', tone: 'good' },
  void: { text: 'Void', tone: 'bad' },
};

const isZero = (amount: string) => /^-?0(\.0*)?$/.test(amount);

/** How an invoice presents itself on paper: its number and dates, the balance due, a paid or void stamp. */
export function invoicePresentation(invoice: InvoiceView): DocumentPresentation {
  const terms = paymentTermsInWords(invoice.paymentTerms);
  return {
    title: 'Invoice',
    number: invoice.number,
    meta: [
      { label: 'Invoice number', value: invoice.number ?? 'Draft' },
      { label: 'Issue date', value: invoice.issueDate, date: true },
      { label: 'Due date', value: invoice.dueDate, date: true },
      ...(terms ? [{ label: 'Terms', value: terms }] : []),
    ],
    partyHeading: 'Bill to',
    headline: { label: 'Balance due', amount: invoice.totals.balanceDue },
    afterTotal: [
      { label: 'Amount paid', amount: invoice.totals.amountPaid },
      ...(isZero(invoice.totals.amountCredited)
        ? []
        : [{ label: 'Credited', amount: invoice.totals.amountCredited }]),
    ],
    stamp: STAMPS[invoice.status] ?? null,
    sections: [['Void', invoice.status === 'void' ? (invoice.voidReason ?? '') : '']],
    paymentDetails: true,
  };
}
