import type { DocumentPresentation } from '../../ports.ts';
import type { QuoteView } from './quote-view.ts';

const STAMPS: Partial<Record<QuoteView['status'], DocumentPresentation['stamp']>> = {
  accepted: { text: 'Accepted', tone: 'good' },
  invoiced: { text: 'Accepted', tone: 'good' },
  declined: { text: 'Declined', tone: 'bad' },
  expired: { text: 'Expired', tone: 'bad' },
};

/** How a quote presents itself on paper: its number, issue and valid-until dates, the total, and its answer. */
export function quotePresentation(quote: QuoteView): DocumentPresentation {
  const decision = quote.decision;
  return {
    title: 'Quote',
    number: quote.number,
    meta: [
      { label: 'Quote number', value: quote.number ?? 'Draft' },
      { label: 'Issue date', value: quote.issueDate, date: true },
      { label: 'Valid until', value: quote.validUntil, date: true },
    ],
    partyHeading: 'Prepared for',
    headline: { label: 'Total', amount: quote.totals.total },
    afterTotal: [],
    stamp: STAMPS[quote.status] ?? null,
    sections: [
      [
        decision?.outcome === 'accepted' ? 'Accepted' : 'Declined',
        decision ? [decision.name, decision.note].filter(Boolean).join('\n') : '',
      ],
    ],
    // A quote asks for no payment yet: bank details belong on the invoice it becomes.
    paymentDetails: false,
  };
}
