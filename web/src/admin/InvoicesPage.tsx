import { type FormEvent, useEffect, useState } from 'react';
import { api, query } from '../api.ts';
import { Button, Empty, ErrorBox, Loading, StatusBadge, useAsync } from '../components/ui.tsx';
import { date, money, STATUS_LABELS } from '../format.ts';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { InvoiceSummary, Page } from '../types.ts';

const FILTERS = ['', 'draft', 'sent', 'viewed', 'partially_paid', 'overdue', 'paid', 'void'];

/** The server sorts (every page, not just the loaded rows); amounts are grouped by currency there. */
type SortKey = 'number' | 'client' | 'issueDate' | 'dueDate' | 'total' | 'balanceDue';
const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
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
  const sort = sortParam
    ? { key: sortParam.replace(/^-/, '') as SortKey, dir: sortParam.startsWith('-') ? -1 : 1 }
    : null;
  const [text, setText] = useState(q);
  // The box follows the address: "Clear filters" or the back button empty it too.
  useEffect(() => setText(q), [q]);
  const [more, setMore] = useState<{
    items: InvoiceSummary[];
    cursor: string | null;
    busy: boolean;
    error: Error | null;
  } | null>(null);

  const { data, error, loading, reload } = useAsync(async () => {
    setMore(null);
    return api.get<Page<InvoiceSummary>>(`/invoices${query({ status, q, sort: sortParam, limit: 25 })}`);
  }, [status, q, sortParam]);

  const setFilter = (next: { status?: string; q?: string; sort?: string }) => {
    const params = query({ status: next.status ?? status, q: next.q ?? q, sort: next.sort ?? sortParam });
    navigate(`/app/invoices${params}`, { replace: true });
  };

  const rows = [...(data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (data?.nextCursor ?? null);

  async function loadMore() {
    if (!cursor) return;
    setMore((m) => ({ items: m?.items ?? [], cursor, busy: true, error: null }));
    try {
      const page = await api.get<Page<InvoiceSummary>>(
        `/invoices${query({ status, q, sort: sortParam, limit: 25, cursor })}`,
      );
      setMore((m) => ({
        items: [...(m?.items ?? []), ...page.items],
        cursor: page.nextCursor,
        busy: false,
        error: null,
      }));
    } catch (caught) {
      setMore((m) => (m ? { ...m, busy: false, error: caught as Error } : null));
    }
  }

  function submitSearch(event: FormEvent) {
    event.preventDefault();
    setFilter({ q: text.trim() });
  }

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
        <nav aria-label="Filter by status" className="chips">
          {FILTERS.map((value) => (
            <button
              key={value || 'all'}
              type="button"
              className="chip"
              aria-pressed={status === value}
              onClick={() => setFilter({ status: value })}
            >
              {value ? STATUS_LABELS[value] : 'All'}
            </button>
          ))}
        </nav>
        <search className="search">
          <form className="search-form" onSubmit={submitSearch}>
            <label htmlFor="invoice-search" className="visually-hidden">
              Search invoices
            </label>
            <input
              id="invoice-search"
              type="search"
              placeholder="Number or client"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
            <Button type="submit">Search</Button>
          </form>
        </search>
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
                {COLUMNS.map((column) => {
                  const active = sort?.key === column.key;
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      className={column.numeric ? 'num' : undefined}
                      aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined}
                    >
                      <button
                        type="button"
                        className="sort"
                        onClick={() =>
                          setFilter({ sort: active && sort.dir === 1 ? `-${column.key}` : column.key })
                        }
                      >
                        {column.label}
                        <span aria-hidden="true">{active ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span>
                      </button>
                    </th>
                  );
                })}
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
      {more?.error && <ErrorBox error={more.error} onRetry={loadMore} />}
      {cursor && (
        <div className="more">
          <Button onClick={loadMore} busy={more?.busy}>
            Load more
          </Button>
        </div>
      )}
    </section>
  );
}
