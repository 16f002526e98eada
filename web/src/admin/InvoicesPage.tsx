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
import type { InvoiceSummary, Page } from '../types.ts';

const FILTERS = ['', 'draft', 'sent', 'viewed', 'partially_paid', 'overdue', 'paid', 'credited', 'void'];

/** The server sorts (every page, not just the loaded rows); amounts are grouped by currency there. */
type SortKey = 'number' | 'client' | 'issueDate' | 'dueDate' | 'total' | 'balanceDue';
const COLUMNS: SortColumn<SortKey>[] = [
  { key: 'number', label: 'Number' },
  { key: 'client', label: 'Client' },
  { key: 'issueDate', label: 'Issued' },
  { key: 'dueDate', label: 'Due' },
  { key: 'total', label: 'Total', numeric: true },
  { key: 'balanceDue', label: 'Balance', numeric: true },
];

export function InvoicesPage() {
  usePageTitle('Invoices');
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const q = search.get('q') ?? '';
  const sortParam = search.get('sort') ?? '';
  const list = usePagedList(
    (cursor) =>
      api.get<Page<InvoiceSummary>>(`/invoices${query({ status, q, sort: sortParam, limit: 25, cursor })}`),
    [status, q, sortParam],
  );
  const { data, error, loading, reload, rows } = list;

  const setFilter = (next: { status?: string; q?: string; sort?: string }) => {
    const params = query({ status: next.status ?? status, q: next.q ?? q, sort: next.sort ?? sortParam });
    navigate(`/app/invoices${params}`, { replace: true });
  };

  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Invoices</h1>
        <div className="actions">
          <Link className="button button-primary" href="/app/invoices/new">
            New invoice
          </Link>
        </div>
      </div>
      <div className="toolbar">
        <StatusChips statuses={FILTERS} current={status} onChoose={(value) => setFilter({ status: value })} />
        <SearchForm
          id="invoice-search"
          label="Search invoices"
          placeholder="Number or client"
          value={q}
          onSearch={(text) => setFilter({ q: text })}
        />
      </div>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading invoices" />}
      {data && rows.length === 0 && (
        <Empty title={status || q ? 'No invoices match' : 'No invoices yet'}>
          {status || q ? (
            <Button onClick={() => navigate('/app/invoices', { replace: true })}>Clear filters</Button>
          ) : (
            <Link className="button button-primary" href="/app/invoices/new">
              Create an invoice
            </Link>
          )}
        </Empty>
      )}
      {data && rows.length > 0 && (
        <div className="table-wrap" aria-busy={loading}>
          <table className="table">
            <caption className="visually-hidden">Invoices</caption>
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
              {rows.map((invoice) => (
                <tr key={invoice.id}>
                  <td data-label="Number">
                    <Link href={`/app/invoices/${invoice.id}`} className="strong">
                      {invoice.number ?? 'Draft'}
                    </Link>
                  </td>
                  <td data-label="Client">{invoice.client.name}</td>
                  <td data-label="Issued">{date(invoice.issueDate)}</td>
                  <td data-label="Due">{date(invoice.dueDate)}</td>
                  <td data-label="Total" className="num">
                    {money(invoice.total, invoice.currency)}
                  </td>
                  <td data-label="Balance" className="num">
                    {money(invoice.balanceDue, invoice.currency)}
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={invoice.status} />
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
