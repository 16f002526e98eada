import { StatusBadge } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { Link } from '../router.tsx';
import type { InvoiceSummary } from '../types.ts';

/** A short list of invoices, each a link with its date, total and status; `withClient` adds whom it bills. */
export function RecentInvoiceList({
  invoices,
  draftLabel,
  withClient = false,
}: {
  invoices: InvoiceSummary[];
  /** Shown for an invoice without a number yet. */
  draftLabel: string;
  withClient?: boolean;
}) {
  return (
    <ul className="recent">
      {invoices.map((invoice) => (
        <li key={invoice.id}>
          <Link href={`/app/invoices/${invoice.id}`}>{invoice.number ?? draftLabel}</Link>
          {withClient && <span className="recent-client">{invoice.client.name}</span>}
          <span className="recent-date">{date(invoice.issueDate)}</span>
          <span className="num">{money(invoice.total, invoice.currency)}</span>
          <StatusBadge status={invoice.status} />
        </li>
      ))}
    </ul>
  );
}
