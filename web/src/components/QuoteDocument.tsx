import { type PresentedQuote, presentQuote } from '../../../src/domain/document-presentation.ts';
import { type Business, DocumentView, type ViewedDocument } from './DocumentView.tsx';

/** The quote as the client sees it: when it was issued and how long it holds, its answer, as on its PDF. */
export function QuoteDocument({
  quote,
  parties = quote.parties,
  business,
  logoUrl,
}: {
  quote: PresentedQuote & ViewedDocument;
  /** The quote's own, else (a revision) those of the quote it belongs to. */
  parties?: ViewedDocument['parties'];
  business: Pick<Business, 'accentColor' | 'footer' | 'businessName'> | null;
  logoUrl?: string | null;
}) {
  return (
    <DocumentView
      kind="quote"
      document={quote}
      parties={parties}
      present={(t) => presentQuote(quote, t)}
      status={quote.status}
      business={business}
      logoUrl={logoUrl}
    />
  );
}
