import type { SortColumn } from '../components/DocumentList.tsx';
import { DocumentListPage } from '../components/DocumentListPage.tsx';
import { date, money } from '../format.ts';
import type { QuoteSummary } from '../types.ts';

const FILTERS = ['', 'draft', 'sent', 'viewed', 'accepted', 'declined', 'expired', 'invoiced'];

type SortKey = 'number' | 'client' | 'issueDate' | 'validUntil' | 'total';
const COLUMNS: SortColumn<SortKey>[] = [
  { key: 'number', label: 'Number' },
  { key: 'client', label: 'Client' },
  { key: 'issueDate', label: 'Date' },
  { key: 'validUntil', label: 'Valid until' },
  { key: 'total', label: 'Total', numeric: true },
];

export function QuotesPage() {
  return (
    <DocumentListPage<QuoteSummary, SortKey>
      title="Quotes"
      noun="quotes"
      path="/app/quotes"
      endpoint="/quotes"
      create={{ href: '/app/quotes/new', label: 'New quote', emptyLabel: 'Write a quote' }}
      exports={[{ name: 'quotes', label: 'Quotes' }]}
      statuses={FILTERS}
      searchId="quote-search"
      searchPlaceholder="Number or client"
      columns={COLUMNS}
      cells={(quote) => (
        <>
          <td data-label="Client">{quote.client.name}</td>
          <td data-label="Date">{date(quote.issueDate)}</td>
          <td data-label="Valid until">{date(quote.validUntil)}</td>
          <td data-label="Total" className="num">
            {money(quote.total, quote.currency)}
          </td>
        </>
      )}
    />
  );
}
