import { api, query } from '../api.ts';
import { LoadMore, StatusChips, usePagedList } from '../components/DocumentList.tsx';
import { SearchForm } from '../components/ListFilters.tsx';
import { Button, Empty, ErrorBox, Loading, StatusBadge } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { CreditNoteSummary, Page } from '../types.ts';

const FILTERS = ['', 'draft', 'issued'];

/** Credit notes are made from an invoice's page; this lists them all, newest first. */
export function CreditNotesPage() {
  usePageTitle('Credit notes');
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const q = search.get('q') ?? '';
  // Set by the client page's link: that client's credit notes only.
  const clientId = search.get('clientId') ?? '';
  const list = usePagedList(
    (cursor) =>
      api.get<Page<CreditNoteSummary>>(`/credit-notes${query({ status, q, clientId, limit: 25, cursor })}`),
    [status, q, clientId],
  );
  const { data, error, loading, reload, rows } = list;

  const setFilter = (next: { status?: string; q?: string }) =>
    navigate(`/app/credit-notes${query({ status: next.status ?? status, q: next.q ?? q, clientId })}`, {
      replace: true,
    });

  return (
    <section>
      <div className="page-head">
        <div>
          <h1 tabIndex={-1}>Credit notes</h1>
          <p className="muted">To correct an issued invoice, open it and choose Create credit note.</p>
        </div>
      </div>
      <div className="toolbar">
        <StatusChips statuses={FILTERS} current={status} onChoose={(value) => setFilter({ status: value })} />
        <SearchForm
          id="credit-note-search"
          label="Search credit notes"
          placeholder="Credit note number"
          value={q}
          onSearch={(text) => setFilter({ q: text })}
        />
      </div>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading credit notes" />}
      {data && rows.length === 0 && (
        <Empty title={status || q || clientId ? 'No credit notes match' : 'No credit notes yet'}>
          {(status || q || clientId) && (
            <Button onClick={() => navigate('/app/credit-notes', { replace: true })}>Clear filters</Button>
          )}
        </Empty>
      )}
      {data && rows.length > 0 && (
        <div className="table-wrap" aria-busy={loading}>
          <table className="table">
            <caption className="visually-hidden">Credit notes</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Client</th>
                <th scope="col">Credits invoice</th>
                <th scope="col">Date</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col" className="num">
                  Credit left
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((note) => (
                <tr key={note.id}>
                  <td data-label="Number">
                    <Link href={`/app/credit-notes/${note.id}`} className="strong">
                      {note.number ?? 'Draft'}
                    </Link>
                  </td>
                  <td data-label="Client">{note.client.name}</td>
                  <td data-label="Credits invoice">
                    <Link href={`/app/invoices/${note.invoice.id}`}>{note.invoice.number ?? 'Invoice'}</Link>
                  </td>
                  <td data-label="Date">{date(note.issueDate)}</td>
                  <td data-label="Total" className="num">
                    {money(note.total, note.currency)}
                  </td>
                  <td data-label="Credit left" className="num">
                    {note.status === 'issued' ? money(note.remaining, note.currency) : '—'}
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={note.status} />
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
