import {
  type BuyerDefaults,
  presentCreditNote,
  creditedInvoiceSentence as sentence,
} from '../../domain/document-presentation.ts';
import type { Reader } from '../../domain/language.ts';
import { translator } from '../../i18n/messages.ts';
import type { DocumentPresentation } from '../../ports.ts';
import type { CreditNoteView } from './credit-note-view.ts';

/** "Credits invoice INV-2026-0007 of November 20, 2026", in the reader's language. */
export function creditedInvoiceSentence(note: CreditNoteView, reader: Reader): string {
  return sentence(note, translator(reader.language, 'documents'), reader.locale);
}

/**
 * How a credit note presents itself on paper, in the reader's language, for its client as documents print it (the
 * same as the web view's).
 */
export function creditNotePresentation(
  note: CreditNoteView,
  reader: Reader,
  client: BuyerDefaults,
): DocumentPresentation {
  return presentCreditNote(note, translator(reader.language, 'documents'), reader.locale, client);
}
