import { api, query } from '../api.ts';
import { ErrorBox, Loading, StatusBadge, useAsync } from '../components/ui.tsx';
import { money } from '../format.ts';
import { Link } from '../router.tsx';
import type { CreditNoteSummary, Invoice, Page } from '../types.ts';

/** The credit notes that correct an invoice, each linked, on the invoice page. */
export function InvoiceCreditNotesCard({ invoice, refresh }: { invoice: Invoice; refresh: number }) {
  const { data, error, reload } = useAsync(
    () => api.get<Page<CreditNoteSummary>>(`/credit-notes${query({ invoiceId: invoice.id, limit: 50 })}`),
    [invoice, refresh],
  );
  return (
    <div className="card">
      <h2>Credit notes</h2>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {!data && !error && <Loading what="Loading credit notes" />}
      {data && data.items.length === 0 && <p className="muted">No credit notes for this invoice.</p>}
      {data && data.items.length > 0 && (
        <ul className="list">
          {data.items.map((note) => (
            <li key={note.id}>
              <Link href={`/app/credit-notes/${note.id}`} className="strong">
                {note.number ?? 'Draft credit note'}
              </Link>
              <span className="num">{money(note.total, note.currency)}</span>
              <StatusBadge status={note.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
