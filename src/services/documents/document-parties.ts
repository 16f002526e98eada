import type { Db } from '../../db/client.ts';
import type { DocumentParties } from '../../domain/document-description.ts';
import { clientReader } from '../../domain/language.ts';
import { NotFoundError } from '../errors.ts';
import { getSettings } from '../settings/get-settings.ts';
import { businessParty, clientParty } from './render-document-pdf.ts';

/**
 * Who a client's documents are from and for, and in which words, as the PDF prints them now: the web view
 * describes the document from these so it shows what the PDF and the email show.
 */
export async function documentParties(db: Db, clientId: string): Promise<DocumentParties> {
  const [settings, client] = await Promise.all([
    getSettings(db),
    db.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirst(),
  ]);
  if (!client) throw new NotFoundError('Client');
  return {
    ...clientReader(client.language, settings.locale),
    seller: businessParty(settings),
    buyer: clientParty(client),
    payment: { termsText: settings.payment_terms_text, instructions: settings.payment_instructions },
  };
}
