import { date, STATUS_LABELS } from '../format.ts';
import type { Quote } from '../types.ts';
import { type Business, DocumentView } from './DocumentView.tsx';

const STAMPED = new Set(['accepted', 'declined', 'expired', 'invoiced']);

/** The quote as the client sees it: when it was issued and how long it holds; a stamp once answered. */
export function QuoteDocument({
  quote,
  business,
  logoUrl,
}: {
  quote: Pick<Quote, 'status' | 'issueDate' | 'validUntil'> & Parameters<typeof DocumentView>[0]['document'];
  business: Business | null;
  logoUrl?: string | null;
}) {
  return (
    <DocumentView
      title="Quote"
      document={quote}
      meta={[
        { label: 'Date', value: date(quote.issueDate) },
        { label: 'Valid until', value: date(quote.validUntil) },
      ]}
      stamp={
        STAMPED.has(quote.status)
          ? { label: STATUS_LABELS[quote.status] ?? quote.status, tone: quote.status }
          : null
      }
      partyLabel="For"
      business={business}
      logoUrl={logoUrl}
    />
  );
}
