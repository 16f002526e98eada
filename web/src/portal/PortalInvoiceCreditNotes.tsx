import { useTranslation } from 'react-i18next';
import { money } from '../format.ts';
import { Link } from '../router.tsx';
import type { InvoiceCreditNoteLink } from '../types.ts';

/** On the portal's invoice page: the issued credit notes that correct the invoice, each opening its own page. */
export function PortalInvoiceCreditNotes({
  creditNotes,
  currency,
}: {
  creditNotes?: InvoiceCreditNoteLink[];
  currency: string;
}) {
  const { t } = useTranslation();
  if (!creditNotes || creditNotes.length === 0) return null;
  return (
    <div className="card">
      <h2>{t('invoice.creditNotes')}</h2>
      <ul className="list credit-note-links">
        {creditNotes.map((note) => (
          <li key={note.id}>
            <Link href={`/portal/credit-notes/${note.id}`} className="strong">
              {note.number}
            </Link>
            <span className="num">{money(note.total, currency)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
