import { api, query } from '../../api.ts';
import { Empty, ErrorBox, useAsync } from '../../components/ui.tsx';
import type { InvoiceSummary, Page } from '../../types.ts';
import { RecentInvoiceList } from '../RecentInvoiceList.tsx';

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
      {data && data.items.length > 0 && <RecentInvoiceList invoices={data.items} draftLabel="Draft" />}
    </div>
  );
}
