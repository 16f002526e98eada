import type { DocumentPresentation } from '../../ports.ts';
import type { InvoiceView } from './invoice-view.ts';

function termsLabel(terms: string): string | null {
  if (terms === 'due_on_receipt') return 'Due on receipt';
  const net = /^net_(\d+)$/.exec(terms);
  return net ? `Net ${net[1]} days` : null;
}

/** How an invoice presents itself on paper: its number and dates, the balance due, a paid or void stamp. */
export function invoicePresentation(invoice: InvoiceView): DocumentPresentation {
  const terms = termsLabel(invoice.paymentTerms);
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
    afterTotal: [{ label: 'Amount paid', amount: invoice.totals.amountPaid }],
    stamp:
      invoice.status === 'paid'
        ? { text: 'Paid', tone: 'good' }
        : invoice.status === 'void'
          ? { text: 'Void', tone: 'bad' }
          : null,
    sections: [['Void', invoice.status === 'void' ? (invoice.voidReason ?? '') : '']],
    paymentDetails: true,
  };
}
