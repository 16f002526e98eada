import { StatusBadge } from '../components/ui.tsx';
import { money } from '../format.ts';
import { Link } from '../router.tsx';
import type { Invoice } from '../types.ts';

/** The credit notes that correct an invoice, each linked, on the invoice page. */
export function InvoiceCreditNotesCard({ invoice }: { invoice: Invoice }) {
  const notes = invoice.creditNotes ?? [];
  return (
    <div className="card">
      <h2>Credit notes</h2>
      {notes.length === 0 && <p className="muted">No credit notes for this invoice.</p>}
      {notes.length > 0 && (
        <ul className="list credit-note-links">
          {notes.map((note) => (
            <li key={note.id}>
              <Link href={`/app/credit-notes/${note.id}`} className="strong">
                {note.number ?? 'Draft credit note'}
              </Link>
              <span className="num">{money(note.total, invoice.currency)}</span>
              <StatusBadge status={note.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
