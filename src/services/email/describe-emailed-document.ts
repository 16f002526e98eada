import type { Db, Trx } from '../../db/client.ts';
import { type DescribedDocumentBody, describePresentedDocument } from '../../domain/document-description.ts';
import { DEFAULT_LANGUAGE, languageOfLocale } from '../../domain/language.ts';
import { translator } from '../../i18n/messages.ts';
import { documentParties } from '../documents/document-parties.ts';
import type { PresentFor } from '../documents/render-document-pdf.ts';
import type { EmailedDocument } from './email-document.ts';

/**
 * A document as its email prints it: described for its client's parties, in the client's language and locale, by
 * its kind's presentation, exactly as the PDF and the web view describe it.
 */
export async function describeEmailedDocument(
  db: Db | Trx,
  document: DescribedDocumentBody & { client: { id: string } },
  present: PresentFor,
): Promise<EmailedDocument> {
  const parties = await documentParties(db, document.client.id);
  const language = languageOfLocale(parties.language) ?? DEFAULT_LANGUAGE;
  const t = translator(language, 'documents');
  const presentation = present({ language, locale: parties.locale }, parties.buyer);
  return {
    description: describePresentedDocument(document, presentation, parties, t),
    columns: {
      description: t('table.description'),
      quantity: t('table.quantity'),
      unitPrice: t('table.unitPrice'),
      discount: t('figures.discount'),
      amount: t('table.amount'),
    },
  };
}
