import { DocumentListPage } from '../components/DocumentListPage.tsx';
import { date, money } from '../format.ts';
import { Link } from '../router.tsx';
import type { CreditNoteSummary } from '../types.ts';

const FILTERS = ['', 'draft', 'issued'];

/** Credit notes are made from an invoice's page; this lists them all, newest first. */
export function CreditNotesPage() {
  return (
    <DocumentListPage<CreditNoteSummary, never>
      title="Credit notes"
      noun="credit notes"
      path="/app/credit-notes"
      endpoint="/credit-notes"
      exports={[{ name: 'credit-notes', label: 'Credit notes' }]}
      intro="To correct an issued invoice, open it and choose Create credit note."
      statuses={FILTERS}
      searchId="credit-note-search"
      searchPlaceholder="Credit note number"
      // Set by the client page's link: that client's credit notes only.
      keep={['clientId']}
      heads={
        <>
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
        </>
      }
      cells={(note) => (
        <>
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
        </>
      )}
    />
  );
}
