import type { Reader } from '../../domain/language.ts';
import { translator } from '../../i18n/messages.ts';
import type { DocumentPresentation } from '../../ports.ts';
import type { QuoteView } from './quote-view.ts';

const STAMPS: Partial<Record<QuoteView['status'], { key: string; tone: 'good' | 'bad' }>> = {
  accepted: { key: 'stamp.accepted', tone: 'good' },
  invoiced: { key: 'stamp.accepted', tone: 'good' },
  declined: { key: 'stamp.declined', tone: 'bad' },
  expired: { key: 'stamp.expired', tone: 'bad' },
};

/**
 * How a quote presents itself on paper, in the reader's language: its number, issue and valid-until dates, the
 * total, and its answer.
 */
export function quotePresentation(quote: QuoteView, reader: Reader): DocumentPresentation {
  const t = translator(reader.language, 'documents');
  const decision = quote.decision;
  const stamp = STAMPS[quote.status];
  return {
    title: t('title.quote'),
    number: quote.number,
    meta: [
      { label: t('meta.quoteNumber'), value: quote.number ?? t('meta.draft') },
      { label: t('meta.issueDate'), value: quote.issueDate, date: true },
      { label: t('meta.validUntil'), value: quote.validUntil, date: true },
    ],
    partyHeading: t('party.preparedFor'),
    headline: { label: t('figures.total'), amount: quote.totals.total },
    afterTotal: [],
    stamp: stamp ? { text: t(stamp.key), tone: stamp.tone } : null,
    sections: [
      [
        decision?.outcome === 'accepted' ? t('section.accepted') : t('section.declined'),
        decision ? [decision.name, decision.note].filter(Boolean).join('\n') : '',
      ],
    ],
    // A quote asks for no payment yet: bank details belong on the invoice it becomes.
    paymentDetails: false,
  };
}
