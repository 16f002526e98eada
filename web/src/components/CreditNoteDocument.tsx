import type { ReactNode } from 'react';
import { type PresentedCreditNote, presentCreditNote } from '../../../src/domain/document-presentation.ts';
import { type Business, DocumentView, type ViewedDocument } from './DocumentView.tsx';

/**
 * The credit note as the client sees it, as on its PDF: the invoice it credits (its number and date, BT-25), the
 * reason, and where its amount went (applied to invoices, refunded, what is left as credit). `invoiceLink`
 * renders the invoice number (a link in the staff app and the portal).
 */
export function CreditNoteDocument({
  note,
  invoiceLink,
  business,
  logoUrl,
}: {
  note: PresentedCreditNote & ViewedDocument;
  invoiceLink: ReactNode;
  business: Pick<Business, 'accentColor' | 'footer' | 'businessName'> | null;
  logoUrl?: string | null;
}) {
  return (
    <DocumentView
      kind="creditNote"
      document={note}
      parties={note.parties}
      present={(t, locale) => presentCreditNote(note, t, locale, note.parties?.buyer ?? {})}
      status={note.status}
      business={business}
      logoUrl={logoUrl}
      metaLinks={note.invoice.number ? { [note.invoice.number]: invoiceLink } : {}}
    />
  );
}
