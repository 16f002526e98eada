import { api, query } from '../api.ts';
import { Empty, ErrorBox, Loading, StatusBadge, useAsync } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { Link } from '../router.tsx';
import type { ClientCredit, Page, QuoteSummary } from '../types.ts';

/** The client's unused credit from issued credit notes, per currency (GET /clients/{id}/credit). */
export function ClientCreditCard({ clientId }: { clientId: string }) {
  const { data, error, reload } = useAsync(
    () => api.get<ClientCredit>(`/clients/${clientId}/credit`),
    [clientId],
  );
  const balances = (data?.credit ?? []).filter((balance) => !/^-?0(\.0+)?$/.test(balance.amount));
  return (
    <div className="card">
      <h2>Credit balance</h2>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {!data && !error && <Loading what="Loading credit" />}
      {data && balances.length === 0 && <p className="muted">No unused credit.</p>}
      {balances.length > 0 && (
        <>
          <dl className="totals-list" data-testid="client-credit">
            {balances.map((balance) => (
              <div key={balance.currency}>
                <dt>Credit in {balance.currency}</dt>
                <dd>{money(balance.amount, balance.currency)}</dd>
              </div>
            ))}
          </dl>
          <p className="muted small">
            Apply it to an open invoice or record a refund from its{' '}
            <Link href={`/app/credit-notes${query({ clientId })}`}>credit notes</Link>.
          </p>
        </>
      )}
    </div>
  );
}

/** The client's latest quotes, each linked, with a shortcut to write a new one. */
export function ClientQuotesCard({ clientId }: { clientId: string }) {
  const { data, error, reload } = useAsync(
    () => api.get<Page<QuoteSummary>>(`/quotes${query({ clientId, limit: 10 })}`),
    [clientId],
  );
  return (
    <div className="card">
      <h2>Quotes</h2>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && data.items.length === 0 && <Empty title="No quotes for this client yet" />}
      {data && data.items.length > 0 && (
        <ul className="recent">
          {data.items.map((quote) => (
            <li key={quote.id}>
              <Link href={`/app/quotes/${quote.id}`}>{quote.number ?? 'Draft'}</Link>
              <span className="recent-date">{date(quote.issueDate)}</span>
              <span className="num">{money(quote.total, quote.currency)}</span>
              <StatusBadge status={quote.status} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href={`/app/quotes/new?clientId=${clientId}`}>New quote for this client</Link>
      </p>
    </div>
  );
}
