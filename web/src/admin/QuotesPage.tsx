import { api, query } from '../api.ts';
import {
  LoadMore,
  parseSort,
  SortableHeads,
  type SortColumn,
  StatusChips,
  usePagedList,
} from '../components/DocumentList.tsx';
import { SearchForm } from '../components/ListFilters.tsx';
import { Button, Empty, ErrorBox, Loading, StatusBadge } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { Page, QuoteSummary } from '../types.ts';

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
  usePageTitle('Quotes');
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const q = search.get('q') ?? '';
  const sortParam = search.get('sort') ?? '';
  const list = usePagedList(
    (cursor) =>
      api.get<Page<QuoteSummary>>(`/quotes${query({ status, q, sort: sortParam, limit: 25, cursor })}`),
    [status, q, sortParam],
  );
  const { data, error, loading, reload, rows } = list;

  const setFilter = (next: { status?: string; q?: string; sort?: string }) => {
    const params = query({ status: next.status ?? status, q: next.q ?? q, sort: next.sort ?? sortParam });
    navigate(`/app/quotes${params}`, { replace: true });
  };

  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Quotes</h1>
        <div className="actions">
          <Link className="button button-primary" href="/app/quotes/new">
            New quote
          </Link>
        </div>
      </div>
      <div className="toolbar">
        <StatusChips statuses={FILTERS} current={status} onChoose={(value) => setFilter({ status: value })} />
        <SearchForm
          id="quote-search"
          label="Search quotes"
          placeholder="Number or client"
          value={q}
          onSearch={(text) => setFilter({ q: text })}
        />
      </div>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading quotes" />}
      {data && rows.length === 0 && (
        <Empty title={status || q ? 'No quotes match' : 'No quotes yet'}>
          {status || q ? (
            <Button onClick={() => navigate('/app/quotes', { replace: true })}>Clear filters</Button>
          ) : (
            <Link className="button button-primary" href="/app/quotes/new">
              Write a quote
            </Link>
          )}
        </Empty>
      )}
      {data && rows.length > 0 && (
        <div className="table-wrap" aria-busy={loading}>
          <table className="table">
            <caption className="visually-hidden">Quotes</caption>
            <thead>
              <tr>
                <SortableHeads
                  columns={COLUMNS}
                  sort={parseSort<SortKey>(sortParam)}
                  onSort={(sort) => setFilter({ sort })}
                />
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((quote) => (
                <tr key={quote.id}>
                  <td data-label="Number">
                    <Link href={`/app/quotes/${quote.id}`} className="strong">
                      {quote.number ?? 'Draft'}
                    </Link>
                  </td>
                  <td data-label="Client">{quote.client.name}</td>
                  <td data-label="Date">{date(quote.issueDate)}</td>
                  <td data-label="Valid until">{date(quote.validUntil)}</td>
                  <td data-label="Total" className="num">
                    {money(quote.total, quote.currency)}
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={quote.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={list} />
    </section>
  );
}
