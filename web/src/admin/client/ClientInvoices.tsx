import { api, query } from '../../api.ts';
import { Empty, ErrorBox, StatusBadge, useAsync } from '../../components/ui.tsx';
import { date, money } from '../../format.ts';
import { Link } from '../../router.tsx';
import type { InvoiceSummary, Page } from '../../types.ts';

export function ClientInvoices({ clientId }: { clientId: string }) {
  const { data, error, reload } = useAsync(
    () => api.get<Page<InvoiceSummary>>(`/invoices${query({ clientId, limit: 10 })}`),
    [clientId],
  );
  return (
    <div className="card">
      <h2>Invoices</h2>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && data.items.length === 0 && <Empty title="No invoices for this client yet" />}
      {data && data.items.length > 0 && (
        <ul className="recent">
          {data.items.map((invoice) => (
            <li key={invoice.id}>
              <Link href={`/app/invoices/${invoice.id}`}>{invoice.number ?? 'Draft'}</Link>
              <span className="recent-date">{date(invoice.issueDate)}</span>
              <span className="num">{money(invoice.total, invoice.currency)}</span>
              <StatusBadge status={invoice.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
