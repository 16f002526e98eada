import { type BuyerDefaults, presentInvoice } from '../../domain/document-presentation.ts';
import type { Reader } from '../../domain/language.ts';
import { translator } from '../../i18n/messages.ts';
import type { DocumentPresentation } from '../../ports.ts';
import type { InvoiceView } from './invoice-view.ts';

/**
 * How an invoice presents itself on paper, in the reader's language, for its client as documents print it (the same
 * as the web view's).
 */
export function invoicePresentation(
  invoice: InvoiceView,
  reader: Reader,
  client: BuyerDefaults,
): DocumentPresentation {
  return presentInvoice(invoice, translator(reader.language, 'documents'), client);
}
