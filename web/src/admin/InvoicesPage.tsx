import type { SortColumn } from '../components/DocumentList.tsx';
import { DocumentListPage } from '../components/DocumentListPage.tsx';
import { date, money } from '../format.ts';
import type { InvoiceSummary } from '../types.ts';
import { BulkSendBar } from './BulkSendBar.tsx';
import { ImportLink } from './imports/ImportLink.tsx';

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
  return (
    <DocumentListPage<InvoiceSummary, SortKey>
      title="Invoices"
      noun="invoices"
      path="/app/invoices"
      endpoint="/invoices"
      create={{ href: '/app/invoices/new', label: 'New invoice', emptyLabel: 'Create an invoice' }}
      statuses={FILTERS}
      searchId="invoice-search"
      searchPlaceholder="Number or client"
      columns={COLUMNS}
      selection={(selected, clear, context) => (
        <BulkSendBar selected={selected} clear={clear} context={context} />
      )}
      exports={[
        { name: 'invoices', label: 'Invoices' },
        { name: 'invoice-lines', label: 'Invoice lines' },
        { name: 'payments', label: 'All payments', filtered: false },
      ]}
      actions={<ImportLink kind="invoices" />}
      cells={(invoice) => (
        <>
          <td data-label="Client">{invoice.client.name}</td>
          <td data-label="Issued">{date(invoice.issueDate)}</td>
          <td data-label="Due">{date(invoice.dueDate)}</td>
          <td data-label="Total" className="num">
            {money(invoice.total, invoice.currency)}
          </td>
          <td data-label="Balance" className="num">
            {money(invoice.balanceDue, invoice.currency)}
          </td>
        </>
      )}
    />
  );
}
