import { type FormEvent, useState } from 'react';
import { currencyExponent, parseMoney } from '../../../src/domain/currency.ts';
import { api, query } from '../api.ts';
import { Button, Empty, ErrorBox, Loading, StatusBadge, useAsync } from '../components/ui.tsx';
import { date, money, STATUS_LABELS } from '../format.ts';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { InvoiceSummary, Page } from '../types.ts';

const FILTERS = ['', 'draft', 'sent', 'viewed', 'partially_paid', 'overdue', 'paid', 'void'];

type SortKey = 'number' | 'client' | 'issueDate' | 'dueDate' | 'total' | 'balanceDue';
const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'number', label: 'Number' },
  { key: 'client', label: 'Client' },
  { key: 'issueDate', label: 'Issued' },
  { key: 'dueDate', label: 'Due' },
  { key: 'total', label: 'Total', numeric: true },
  { key: 'balanceDue', label: 'Balance', numeric: true },
];

function amount(invoice: InvoiceSummary, key: 'total' | 'balanceDue'): bigint {
  return parseMoney(invoice[key], currencyExponent(invoice.currency), key);
}

function compare(a: InvoiceSummary, b: InvoiceSummary, key: SortKey): number {
  switch (key) {
    case 'number':
      return (a.number ?? '').localeCompare(b.number ?? '', undefined, { numeric: true });
    case 'client':
      return a.client.name.localeCompare(b.client.name);
    case 'issueDate':
    case 'dueDate':
      return a[key].localeCompare(b[key]);
    default: {
      // Amounts of different currencies are not comparable: group by currency first.
      if (a.currency !== b.currency) return a.currency.localeCompare(b.currency);
      const diff = amount(a, key) - amount(b, key);
      return diff === 0n ? 0 : diff < 0n ? -1 : 1;
    }
  }
}

export function InvoicesPage() {
  usePageTitle('Invoices');
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const q = search.get('q') ?? '';
  const [text, setText] = useState(q);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 } | null>(null);
  const [more, setMore] = useState<{ items: InvoiceSummary[]; cursor: string | null; busy: boolean } | null>(
    null,
  );

  const { data, error, loading, reload } = useAsync(async () => {
    setMore(null);
    return api.get<Page<InvoiceSummary>>(`/invoices${query({ status, q, limit: 25 })}`);
  }, [status, q]);

  const setFilter = (next: { status?: string; q?: string }) => {
    const params = query({ status: next.status ?? status, q: next.q ?? q });
    navigate(`/app/invoices${params}`, { replace: true });
  };

  const rows = [...(data?.items ?? []), ...(more?.items ?? [])];
  if (sort) rows.sort((a, b) => compare(a, b, sort.key) * sort.dir);
  const cursor = more ? more.cursor : (data?.nextCursor ?? null);

  async function loadMore() {
    if (!cursor) return;
    setMore((m) => ({ items: m?.items ?? [], cursor, busy: true }));
    try {
      const page = await api.get<Page<InvoiceSummary>>(`/invoices${query({ status, q, limit: 25, cursor })}`);
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor, busy: false }));
    } catch {
      setMore((m) => (m ? { ...m, busy: false } : null));
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
                        onClick={() => setSort({ key: column.key, dir: active && sort.dir === 1 ? -1 : 1 })}
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
